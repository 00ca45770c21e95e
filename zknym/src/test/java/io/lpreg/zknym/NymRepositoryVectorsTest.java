package io.lpreg.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.time.LocalDate;

import static io.lpreg.zknym.NymTestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

/** The data Nym's own repository holds (ZKNYM.md §3), byte for byte. */
class NymRepositoryVectorsTest {
    @Test
    void hashToScalarAndHashToG1ReproduceNymsVectors() {
        JsonNode vectors = NymTestVectors.json("hash-vectors.json").get("vectors");
        assertThat(vectors).hasSize(3);
        for (JsonNode vector : vectors) {
            byte[] message = hex(vector.get("msg_hex"));
            assertThat(Bls.scalarToLe(Bls.hashToScalar(message))).isEqualTo(hex(vector.get("scalar_le_hex")));
            assertThat(Bls.hashG1(message).compress()).isEqualTo(hex(vector.get("g1_compressed_hex")));
        }
    }

    @Test
    void expirationDateSignatureHashesReproduceTheThirtyRealOnes() {
        JsonNode root = NymTestVectors.json("expiration-date-signatures.json");
        JsonNode signatures = root.get("signatures");
        assertThat(signatures).hasSize(30);
        for (JsonNode entry : signatures) {
            byte[] h = Ticketbook.expirationDateHash(entry.get("expiration_timestamp").asLong(), entry.get("spending_timestamp").asLong()).compress();
            assertThat(h).isEqualTo(hex(entry.get("signature").get("h")));
        }
    }

    @Test
    void realCredentialDecodesReencodesIdenticallyAndPassesTheKeyIndependentCheck() throws Exception {
        byte[] bytes = NymTestVectors.hexFile("credential-to-bytes-1245.hex");
        assertThat(bytes).hasSize(1245);
        ZkNymSpend spend = ZkNymSpend.fromBytes(bytes);
        assertThat(spend.toBytes()).isEqualTo(bytes);
        assertThat(spend.payment().toBytes()).hasSize(1157);
        assertThat(spend.epochId()).isEqualTo(1);
        assertThat(spend.spendDate()).isEqualTo(LocalDate.of(2024, 12, 11));
        assertThat(spend.payment().tType()).isZero();
        assertThat(spend.payment().spendValue()).isEqualTo(1);
        assertThat(spend.payment().zkProof().responsesRK()).isEmpty();
        assertThat(spend.payInfo().bytes()).containsOnly(6);
        assertThat(spend.serialNumber()).isEqualTo(spend.payment().ss().get(0).bytes()).hasSize(48);
        assertThat(spend.toLpBincode()).hasSize(1237);
        assertThat(ZkNymSpend.fromLpBincode(spend.toLpBincode())).isEqualTo(spend);
        // t_type 0: e(h, kappa) == e(s, g2) whatever the key; any key with 4 betas stands in
        VerificationKey mock = VerificationKey.fromBytes(NymTestVectors.hexFile("mock-verification-key-680.hex"));
        assertThat(SpendVerifier.signatureHolds(mock, spend.payment())).isTrue();
        assertThat(new SpendVerifier().verify(mock, spend)).isEqualTo(Verdict.BAD_PROOF);
    }

    @Test
    void mockVerificationKeyParsesAndReencodes() throws Exception {
        byte[] bytes = NymTestVectors.hexFile("mock-verification-key-680.hex");
        VerificationKey key = VerificationKey.fromBytes(bytes);
        assertThat(key.betas()).isEqualTo(4);
        assertThat(key.toBytes()).isEqualTo(bytes);
        assertThat(VerificationKey.fromJson(VerificationKey.json(key.toJson()))).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs-payment-0.hex", "docs-payment-1.hex"})
    void documentationPaymentsParseAndPassTheKeyIndependentCheck(String file) throws Exception {
        byte[] bytes = NymTestVectors.hexFile(file);
        ZkNymSpend spend = ZkNymSpend.fromBytes(bytes);
        assertThat(spend.toBytes()).isEqualTo(bytes);
        assertThat(spend.payment().toBytes()).hasSize(1157);
        assertThat(spend.payment().tType()).isZero();
        VerificationKey mock = VerificationKey.fromBytes(NymTestVectors.hexFile("mock-verification-key-680.hex"));
        assertThat(SpendVerifier.signatureHolds(mock, spend.payment())).isTrue();
    }

    @Test
    void domainConstantsAreTheLittleEndianAsciiStrings() {
        assertThat(EcashParameters.TYPE_EXP).isLessThan(Bls.ORDER);
        assertThat(EcashParameters.TYPE_IDX).isLessThan(Bls.ORDER);
        assertThat(Bls.scalarToLe(EcashParameters.TYPE_EXP)).asString().isEqualTo("ZKNYMEXPIRATIONDATE4llCBMEypAxr3");
        assertThat(SpendVerifier.challengeOf(new byte[32])).isEqualTo(BigInteger.ZERO);
    }
}
