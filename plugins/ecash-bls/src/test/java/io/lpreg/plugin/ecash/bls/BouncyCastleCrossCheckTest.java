package io.lpreg.plugin.ecash.bls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.crypto.bls.BLS12_381G1;
import org.bouncycastle.crypto.bls.BLS12_381G2;
import org.bouncycastle.crypto.bls.BLS12_381G2Point;
import org.bouncycastle.crypto.bls.BLS12_381Pairing;
import org.bouncycastle.crypto.bls.BLS12_381Serialization;
import org.bouncycastle.crypto.bls.BLS12_381SubgroupCheck;
import org.bouncycastle.crypto.bls.Fp12Element;
import org.bouncycastle.crypto.hash2curve.HashToCurveProfile;
import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static io.lpreg.plugin.ecash.bls.BlsTicketVectors.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published vectors checked with BouncyCastle's pure-Java BLS12-381 (no JNI, no blst): hash to G1, point
 * decoding, the subgroup check, each signer's share, and the gateway's equation e(σ, g2) = e(H(m), VK).
 */
class BouncyCastleCrossCheckTest {
    private static final ECCurve G1 = BLS12_381G1.createCurve();
    private static JsonNode root;
    private static HashToEllipticCurve hashToG1;

    @BeforeAll
    static void vectors() throws Exception {
        root = new ObjectMapper().readTree(PublishedVectorsTest.published());
        hashToG1 = HashToEllipticCurve.getInstance(HashToCurveProfile.BLS12_381_G1_XMD_SHA_256_SSWU_RO,
                root.get("hash_to_g1_dst").asText());
    }

    @Test
    void bouncyCastleHashesTheTicketMessageToTheSameG1Point() {
        for (JsonNode vector : root.get("vectors")) {
            ECPoint point = hashToG1.hashToCurve(bytes(vector, "ticket_message"));

            assertThat(HEX.formatHex(BLS12_381Serialization.compressG1(point))).isEqualTo(vector.get("hash_to_g1").asText());
        }
    }

    @Test
    void theIssuersSignatureSatisfiesTheVerificationEquationInBouncyCastle() {
        for (JsonNode vector : root.get("vectors")) {
            ECPoint sigma = g1(vector, "signature");
            ECPoint message = hashToG1.hashToCurve(bytes(vector, "ticket_message"));
            BLS12_381G2Point key = BLS12_381Serialization.decompressG2(bytes(vector, "verification_key"));

            assertThat(BLS12_381SubgroupCheck.isInG1Subgroup(sigma)).isTrue();
            assertThat(BLS12_381SubgroupCheck.isInG2Subgroup(key)).isTrue();
            assertThat(pair(sigma, BLS12_381G2.getGenerator())).isEqualTo(pair(message, key));
        }
    }

    @Test
    void bouncyCastleRejectsTheEquationForAnotherMessageOrAnotherKey() {
        JsonNode first = root.get("vectors").get(0);
        JsonNode second = root.get("vectors").get(1);
        ECPoint sigma = g1(first, "signature");
        Fp12Element left = pair(sigma, BLS12_381G2.getGenerator());

        assertThat(left).isNotEqualTo(pair(hashToG1.hashToCurve(bytes(second, "ticket_message")),
                BLS12_381Serialization.decompressG2(bytes(first, "verification_key"))));
        assertThat(left).isNotEqualTo(pair(hashToG1.hashToCurve(bytes(first, "ticket_message")),
                BLS12_381Serialization.decompressG2(bytes(second, "verification_key"))));
    }

    @Test
    void everySignersBlindShareMatchesItsKeyAndUnblindsToTheSignature() {
        for (JsonNode vector : root.get("vectors")) {
            ECPoint blinded = g1(vector, "blinded");
            BigInteger r = new BigInteger(1, bytes(vector, "blinding_factor"));
            BigInteger order = BLS12_381G1.ORDER;
            ECPoint message = hashToG1.hashToCurve(bytes(vector, "ticket_message"));
            assertThat(blinded.equals(message.multiply(r).normalize())).isTrue();
            ECPoint combined = null;
            for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> vector.get("signature_shares").fields()) {
                int index = Integer.parseInt(entry.getKey());
                ECPoint share = BLS12_381Serialization.decompressG1(HEX.parseHex(entry.getValue().asText()), G1);
                BLS12_381G2Point signerKey = BLS12_381Serialization.decompressG2(HEX.parseHex(vector.get("signer_keys").get(index - 1).asText()));
                assertThat(pair(share, BLS12_381G2.getGenerator())).isEqualTo(pair(blinded, signerKey));
                int otherIndex = index == 1 ? 3 : 1;
                BigInteger lambda = BigInteger.valueOf(otherIndex)
                        .multiply(BigInteger.valueOf(otherIndex - index).modInverse(order)).mod(order);
                ECPoint weighted = share.multiply(lambda);
                combined = combined == null ? weighted : combined.add(weighted);
            }
            ECPoint unblinded = combined.multiply(r.modInverse(order)).normalize();
            assertThat(HEX.formatHex(BLS12_381Serialization.compressG1(unblinded))).isEqualTo(vector.get("signature").asText());
        }
    }

    @Test
    void bouncyCastleAgreesThatTheInvalidSignaturesAreInvalid() {
        JsonNode invalid = root.get("vectors").get(0).get("invalid_spends");
        byte[] notOnCurve = HEX.parseHex(invalid.get(1).get("sigma").asText());
        ECPoint notInSubgroup = BLS12_381Serialization.decompressG1(HEX.parseHex(invalid.get(2).get("sigma").asText()), G1);
        ECPoint infinity = BLS12_381Serialization.decompressG1(HEX.parseHex(invalid.get(0).get("sigma").asText()), G1);

        assertThatThrownBy(() -> BLS12_381Serialization.decompressG1(notOnCurve, G1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BLS12_381SubgroupCheck.isInG1Subgroup(notInSubgroup)).isFalse();
        assertThat(infinity.isInfinity()).isTrue();
    }

    private static Fp12Element pair(ECPoint p, BLS12_381G2Point q) {
        return BLS12_381Pairing.pair(p, q);
    }

    private static ECPoint g1(JsonNode vector, String field) {
        return BLS12_381Serialization.decompressG1(bytes(vector, field), G1);
    }

    private static byte[] bytes(JsonNode vector, String field) {
        return HEX.parseHex(vector.get(field).asText());
    }
}
