package io.lpreg.plugin.ecash.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.protocol.SharedTestVectors;
import io.lpreg.spi.Credential;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.zknym.VerificationKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spends Nym's own Rust crate made ({@code shared/testvectors/nym-zknym/rust-made-spends.json}), through the
 * plugin: on the pay_info's second (1765000000, on the spend date 2025-12-06), at the gateway whose identity is
 * the pay_info's provider (32 × 0x02), for wireguard-entry tickets (t_type 2) of epoch 1.
 */
class RustMadeSpendsTest {
    static final Instant NOW = Instant.ofEpochSecond(1_765_000_000L);
    static final byte[] GATEWAY = filled(0x02);
    static final HexFormat HEX = HexFormat.of();

    @TempDir
    static Path dir;
    static JsonNode vectors;
    static ZkNymVerifier verifier;

    @BeforeAll
    static void vectorsAndVerifier() throws Exception {
        vectors = new ObjectMapper().readTree(SharedTestVectors.require("nym-zknym/rust-made-spends.json").toFile());
        verifier = verifierWithKey(vectors.at("/verification_key/json"));
    }

    static ZkNymVerifier verifierWithKey(JsonNode key) throws Exception {
        Path file = Files.createTempFile(dir, "keys", ".json");
        Files.writeString(file, "[{\"epoch_id\": 1, \"key\": " + key + "}]");
        return new ZkNymVerifier(MapPluginConfig.of(Map.of("verification_keys", file.toString())), new CountingMetrics(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void bothRustMadeSpendsAreAcceptedWithTheirSerialNumbersAsNullifiers() throws Exception {
        assertThat(vectors.get("spends")).hasSize(2);
        for (JsonNode spend : vectors.get("spends")) {
            // a gateway of its own for each: the two spends carry the same pay_info
            ZkNymVerifier gateway = verifierWithKey(vectors.at("/verification_key/json"));

            VerificationResult result = verify(gateway, HEX.parseHex(spend.get("to_bytes_hex").asText()));

            assertThat(result).as("ticket %s", spend.get("ticket_index")).isEqualTo(new VerificationResult.Accepted(
                    HEX.parseHex(spend.get("serial_number_hex").asText()), 500_000_000L,
                    Instant.parse("2025-12-12T00:00:00Z"), Instant.parse("2025-12-14T00:00:00Z")));
        }
    }

    @Test
    void oneGatewayRefusesTheSecondSpendBecauseItReusesTheFirstsPayInfo() throws Exception {
        ZkNymVerifier gateway = verifierWithKey(vectors.at("/verification_key/json"));

        assertThat(verify(gateway, HEX.parseHex(vectors.at("/spends/0/to_bytes_hex").asText())))
                .isInstanceOf(VerificationResult.Accepted.class);
        assertReason(verify(gateway, HEX.parseHex(vectors.at("/spends/1/to_bytes_hex").asText())),
                RejectionReason.REPLAYED_PAY_INFO);
    }

    @Test
    void theRustMadeNegativesAreRefusedWithTheReasonOfTheirFirstFailingCheck() {
        assertThat(verify(verifier, negative("challenge_byte_flipped"))).satisfies(result ->
                assertReason(result, RejectionReason.BAD_PROOF));
        // Nym's crate refuses these in spend_verify; a gateway's policy refuses them before any pairing
        assertThat(verify(verifier, negative("wrong_pay_info_provider"))).satisfies(result ->
                assertReason(result, RejectionReason.WRONG_PROVIDER));
        assertThat(verify(verifier, negative("wrong_spend_date"))).satisfies(result ->
                assertReason(result, RejectionReason.WRONG_SPEND_DATE));
    }

    @Test
    void anAuthoritysOwnKeyInsteadOfTheAggregateRefusesTheSpendsProof() throws Exception {
        VerificationKey partial = VerificationKey.fromBytes(HEX.parseHex(vectors.get("authority_verification_keys_hex").get(0).asText()));
        ZkNymVerifier wrongKey = verifierWithKey(new ObjectMapper().readTree(partial.toJson().toString()));

        assertReason(verify(wrongKey, HEX.parseHex(vectors.at("/spends/0/to_bytes_hex").asText())), RejectionReason.BAD_PROOF);
    }

    @Test
    void theNymApiKeyJsonOfTheVectorsIsWhatTheFileAndTheApiCarry() throws Exception {
        VerificationKey fromJson = VerificationKey.fromMasterVerificationKeyJson(
                vectors.at("/verification_key/nym_api_master_verification_key_response").toString());

        assertThat(fromJson.toBytes()).isEqualTo(HEX.parseHex(vectors.at("/verification_key/to_bytes_hex").asText()));
    }

    private static byte[] negative(String name) {
        for (JsonNode negative : vectors.get("negative_cases")) {
            if (negative.get("name").asText().equals(name)) {
                return HEX.parseHex(negative.get("to_bytes_hex").asText());
            }
        }
        throw new AssertionError("no negative case " + name);
    }

    private static VerificationResult verify(ZkNymVerifier verifier, byte[] credential) {
        return verifier.verify(new Credential(ZkNymVerifier.SCHEME, credential),
                new VerificationContext(TicketType.WIREGUARD_ENTRY, GATEWAY, new byte[32], NOW));
    }

    private static void assertReason(VerificationResult result, RejectionReason reason) {
        assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
        assertThat(((VerificationResult.Rejected) result).reason()).isEqualTo(reason);
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
