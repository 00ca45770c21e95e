package io.lpreg.protocol.credential;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe's 1245-byte mock credential (LP-WIRE.md §A.12.6) pins Nym's {@code to_bytes} layout. */
class NymDummyCredentialTest {

    @Test
    void fileIsTheKnownDummyCredential() throws Exception {
        byte[] bytes = CredentialFixtures.dummyCredential();

        assertThat(bytes).hasSize(1245);
        assertThat(sha256(bytes)).isEqualTo(CredentialFixtures.DUMMY_SHA256);
    }

    @Test
    void parsesEveryField() throws Exception {
        CredentialSpendingData credential = CredentialFixtures.parsedDummy();
        Payment payment = credential.payment();

        assertThat(credential.spendDate().toLocalDate()).isEqualTo(LocalDate.of(2024, 12, 11));
        assertThat(credential.spendDate().julianDay()).isEqualTo(2460656);
        assertThat(credential.epochId()).isEqualTo(1);
        assertThat(credential.payInfo()).containsOnly(6).hasSize(72);
        assertThat(payment.spendValue()).isEqualTo(1);
        assertThat(payment.tType()).isZero();
        assertThat(payment.kappaK()).hasSize(1);
        assertThat(payment.omega()).hasSize(1);
        assertThat(payment.ss()).hasSize(1);
        assertThat(payment.tt()).hasSize(1);
        assertThat(payment.aa()).hasSize(1);
    }

    @Test
    void spendProofLeavesResponsesRkEmpty() throws Exception {
        SpendProof proof = CredentialFixtures.parsedDummy().payment().zkProof();

        assertThat(proof.responsesRK()).isEmpty();
        assertThat(proof.responsesL()).hasSize(1);
        assertThat(proof.responsesOA()).hasSize(1);
        assertThat(proof.responsesMu()).hasSize(1);
        assertThat(proof.responsesOMu()).hasSize(1);
        assertThat(proof.responsesAttributes()).hasSize(3);
    }

    @Test
    void everyPointHasTheCompressionFlagAndNoneIsTheIdentity() throws Exception {
        Payment payment = CredentialFixtures.parsedDummy().payment();
        List<byte[]> points = new ArrayList<>();
        points.add(payment.kappa().compressed());
        points.add(payment.kappaE().compressed());
        for (Signature signature : List.of(payment.sig(), payment.sigExp(), payment.omega().getFirst())) {
            points.add(signature.h().compressed());
            points.add(signature.s().compressed());
        }
        payment.kappaK().forEach(point -> points.add(point.compressed()));
        for (List<G1Point> vector : List.of(payment.ss(), payment.tt(), payment.aa(), List.of(payment.cc()))) {
            vector.forEach(point -> points.add(point.compressed()));
        }

        assertThat(points).hasSize(13).allSatisfy(point -> assertThat(point[0] & 0xc0).isEqualTo(0x80));
    }

    @Test
    void reEncodesToTheSameBytes() throws Exception {
        byte[] reEncoded = CredentialCodec.toBytes(CredentialFixtures.parsedDummy());

        assertThat(reEncoded).isEqualTo(CredentialFixtures.dummyCredential());
        assertThat(sha256(reEncoded)).isEqualTo(CredentialFixtures.DUMMY_SHA256);
    }

    @Test
    void paymentIs1157BytesAsThePrefixSays() throws Exception {
        byte[] bytes = CredentialFixtures.dummyCredential();

        assertThat(HexFormat.of().formatHex(bytes, 0, 4)).isEqualTo("00000485");
        assertThat(CredentialFixtures.paymentOf(bytes)).hasSize(1157);
        // varint length 96 then a G2 whose first byte carries the compression flag
        assertThat(bytes[4]).isEqualTo((byte) 0x60);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
