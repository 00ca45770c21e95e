package io.lpreg.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.lpreg.zknym.NymTestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

/** Spends made and judged by Nym's own Rust crate ({@code rust-made-spends.json}): our verdicts must be Rust's. */
class RustMadeSpendsTest {
    private static JsonNode vectors;
    private static VerificationKey aggregated;
    private final SpendVerifier verifier = new SpendVerifier();

    @BeforeAll
    static void load() throws Exception {
        vectors = NymTestVectors.json("rust-made-spends.json");
        aggregated = VerificationKey.fromBytes(hex(vectors.get("verification_key").get("to_bytes_hex")));
    }

    @Test
    void aggregatedKeyHasFiveBetasAndMatchesItsJsonForms() throws Exception {
        JsonNode key = vectors.get("verification_key");
        assertThat(aggregated.betas()).isEqualTo(5);
        assertThat(aggregated.toBytes()).hasSize(824);
        assertThat(VerificationKey.fromJson(key.get("json"))).isEqualTo(aggregated);
        assertThat(aggregated.toJson()).isEqualTo(key.get("json"));
        assertThat(VerificationKey.fromMasterVerificationKeyJson(key.get("nym_api_master_verification_key_response").toString())).isEqualTo(aggregated);
        assertThat(aggregated.toMasterVerificationKeyJson()).isEqualTo(key.get("nym_api_master_verification_key_response"));
    }

    @Test
    void everyRustSpendDecodesReencodesAndVerifies() throws Exception {
        assertThat(vectors.get("spends")).hasSize(2);
        for (JsonNode entry : vectors.get("spends")) {
            byte[] bytes = hex(entry.get("to_bytes_hex"));
            ZkNymSpend spend = ZkNymSpend.fromBytes(bytes);
            assertThat(spend.toBytes()).isEqualTo(bytes);
            assertThat(spend.payment().toBytes()).isEqualTo(hex(entry.get("payment_to_bytes_hex")));
            assertThat(spend.toLpBincode()).isEqualTo(hex(entry.get("lp_bincode_hex")));
            assertThat(ZkNymSpend.fromLpBincode(hex(entry.get("lp_bincode_hex")))).isEqualTo(spend);
            assertThat(spend.serialNumber()).isEqualTo(hex(entry.get("serial_number_hex")));
            assertThat(spend.spendDate()).isEqualTo(LocalDate.parse(entry.get("spend_date").asText()));
            assertThat(spend.spendDateUnix()).isEqualTo(entry.get("spend_date_unix").asLong());
            assertThat(spend.julianDay()).isEqualTo(entry.get("spend_date_julian_day").asLong());
            assertThat(spend.payment().tType()).isEqualTo(2);
            assertThat(spend.payInfo().timestamp()).isEqualTo(1_765_000_000L);
            assertThat(verifier.verify(aggregated, spend)).isEqualTo(Verdict.OK);
        }
    }

    @Test
    void challengeFlipIsABadProofAsInRust() throws Exception {
        JsonNode negative = negative("challenge_byte_flipped");
        assertThat(negative.get("verify_with_aggregated_vk").get("error_debug").asText()).isEqualTo("SpendZKProofVerification");
        assertThat(verifier.verify(aggregated, ZkNymSpend.fromBytes(hex(negative.get("to_bytes_hex"))))).isEqualTo(Verdict.BAD_PROOF);
    }

    @Test
    void otherProvidersPayInfoFailsTheProofAsInRust() throws Exception {
        JsonNode negative = negative("wrong_pay_info_provider");
        assertThat(negative.get("verify_with_aggregated_vk").get("error_debug").asText()).isEqualTo("SpendZKProofVerification");
        ZkNymSpend spend = ZkNymSpend.fromBytes(hex(negative.get("to_bytes_hex")));
        ZkNymSpend other = new ZkNymSpend(spend.payment(), PayInfo.fromBytes(hex(negative.get("pay_info_hex"))), spend.spendDate(), spend.epochId());
        assertThat(verifier.verify(aggregated, other)).isEqualTo(Verdict.BAD_PROOF);
    }

    @Test
    void nextDayFailsTheExpirationSignatureAsInRust() throws Exception {
        JsonNode negative = negative("wrong_spend_date");
        assertThat(negative.get("verify_with_aggregated_vk").get("error_debug").asText()).isEqualTo("ExpirationDateSignatureValidity");
        ZkNymSpend spend = ZkNymSpend.fromBytes(hex(negative.get("to_bytes_hex")));
        ZkNymSpend later = new ZkNymSpend(spend.payment(), spend.payInfo(), LocalDate.parse(negative.get("spend_date").asText()), spend.epochId());
        assertThat(verifier.verify(aggregated, later)).isEqualTo(Verdict.BAD_EXPIRATION_SIGNATURE);
    }

    @Test
    void anAuthoritysOwnKeyIsRefusedAsInRust() throws Exception {
        JsonNode negative = negative("partial_vk_of_authority_1");
        assertThat(negative.get("verify").get("error_debug").asText()).isEqualTo("SpendZKProofVerification");
        ZkNymSpend spend = ZkNymSpend.fromBytes(hex(vectors.get("spends").get(0).get("to_bytes_hex")));
        VerificationKey partial = VerificationKey.fromBytes(hex(negative.get("verification_key_hex")));
        assertThat(verifier.verify(partial, spend)).isEqualTo(Verdict.BAD_PROOF);
    }

    @Test
    void anyTwoAuthorityKeysInterpolateToTheAggregatedKey() throws Exception {
        List<VerificationKey> authorities = new ArrayList<>();
        for (JsonNode key : vectors.get("authority_verification_keys_hex")) {
            authorities.add(VerificationKey.fromBytes(hex(key)));
        }
        assertThat(ZkNymIssuer.aggregateVerificationKeys(Map.of(1L, authorities.get(0), 2L, authorities.get(1)))).isEqualTo(aggregated);
        assertThat(ZkNymIssuer.aggregateVerificationKeys(Map.of(1L, authorities.get(0), 3L, authorities.get(2)))).isEqualTo(aggregated);
        assertThat(ZkNymIssuer.aggregateVerificationKeys(Map.of(2L, authorities.get(1), 3L, authorities.get(2)))).isEqualTo(aggregated);
        assertThat(ZkNymIssuer.aggregateVerificationKeys(Map.of(1L, authorities.get(0), 2L, authorities.get(1), 3L, authorities.get(2)))).isEqualTo(aggregated);
    }

    @Test
    void issuedExpirationAndCoinIndexSignaturesVerifyUnderOurFormulas() throws Exception {
        long expiration = vectors.get("parameters").get("expiration_date_unix").asLong();
        List<Signature> dates = signatures(vectors.get("issuance").get("expiration_date_signatures_json"));
        assertThat(dates).hasSize(7);
        for (int l = 0; l < 7; l++) {
            long day = Ticketbook.validDay(expiration, l);
            assertThat(dates.get(l).h().bytes()).isEqualTo(Ticketbook.expirationDateHash(expiration, day).compress());
            var combined = Bls.add(aggregated.alpha().point(), Bls.mul(aggregated.beta(0), BigInteger.valueOf(expiration)))
                    .add(Bls.mul(aggregated.beta(1), BigInteger.valueOf(day))).add(aggregated.expirationTypeTerm());
            assertThat(Bls.signaturePairingsHold(new supranational.blst.P1[] {dates.get(l).h().point()},
                    new supranational.blst.P2[] {combined}, new supranational.blst.P1[] {dates.get(l).s().point()})).isTrue();
        }
        List<Signature> coins = signatures(vectors.get("issuance").get("coin_index_signatures_json"));
        assertThat(coins).hasSize(50);
        for (int l = 0; l < 50; l++) {
            assertThat(coins.get(l).h().bytes()).isEqualTo(Ticketbook.coinIndexHash(aggregated, l).compress());
            var combined = Bls.add(aggregated.alpha().point(), Bls.mul(aggregated.beta(0), BigInteger.valueOf(l))).add(aggregated.coinIndexTypeTerm());
            assertThat(Bls.signaturePairingsHold(new supranational.blst.P1[] {coins.get(l).h().point()},
                    new supranational.blst.P2[] {combined}, new supranational.blst.P1[] {coins.get(l).s().point()})).isTrue();
        }
    }

    @Test
    void ourSpendFromRustsWalletVerifies() throws Exception {
        JsonNode issuance = vectors.get("issuance");
        byte[] wallet = hex(issuance.get("wallet_before_spend_hex"));
        assertThat(wallet).hasSize(141);
        ByteBuffer in = ByteBuffer.wrap(wallet);
        byte[] h = new byte[48];
        byte[] s = new byte[48];
        byte[] v = new byte[32];
        in.get(h).get(s).get(v);
        long expiration = in.getInt() & 0xffffffffL;
        int tType = in.get() & 0xff;
        long spent = in.getLong();
        assertThat(expiration).isEqualTo(vectors.get("parameters").get("expiration_date_unix").asLong());
        Ticketbook book = new Ticketbook(
                Bls.scalarFromLe(hex(issuance.get("user_secret_key_hex")), "sk"),
                Bls.scalarFromLe(v, "v"),
                LocalDate.ofEpochDay(expiration / 86_400),
                tType,
                1,
                aggregated,
                new Signature(G1Element.decode(h, "h"), G1Element.decode(s, "s")),
                signatures(issuance.get("expiration_date_signatures_json")),
                signatures(issuance.get("coin_index_signatures_json")));
        PayInfo payInfo = PayInfo.fromBytes(hex(vectors.get("pay_info").get("pay_info_bytes_hex")));
        ZkNymSpend spend = book.spend(payInfo, LocalDate.of(2025, 12, 6), (int) spent, new SecureRandom());
        assertThat(spend.toBytes()).hasSize(1245);
        assertThat(verifier.verify(aggregated, spend)).isEqualTo(Verdict.OK);
        // the serial number depends only on v and the index: ours equals Rust's for ticket 0
        assertThat(spend.serialNumber()).isEqualTo(hex(vectors.get("spends").get((int) spent).get("serial_number_hex")));
    }

    private static JsonNode negative(String name) {
        for (JsonNode entry : vectors.get("negative_cases")) {
            if (entry.get("name").asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError("no negative case " + name);
    }

    private static List<Signature> signatures(JsonNode array) throws MalformedZkNymException {
        List<Signature> out = new ArrayList<>();
        for (JsonNode entry : array) {
            out.add(new Signature(G1Element.decode(hex(entry.get("h")), "h"), G1Element.decode(hex(entry.get("s")), "s")));
        }
        return out;
    }

    static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
