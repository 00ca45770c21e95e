package io.lpreg.plugin.ecash.bls;

import io.lpreg.testkit.plugin.MapPluginConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lpreg.ecash.issuer.EpochKeys;
import io.lpreg.ecash.issuer.KeyFiles;
import io.lpreg.ecash.issuer.TypeKeys;
import io.lpreg.ecash.issuer.VerificationKeys;
import io.lpreg.spi.Credential;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.lpreg.plugin.ecash.bls.BlsTicketVectors.HEX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code src/test/resources/vectors/bls-ticket-v1.json} is what {@link BlsTicketVectors} produces, and the
 * verifier accepts its spends and refuses its invalid ones for the stated reason. To regenerate after an
 * intended change of the scheme: {@code -Dlpreg.vectors.write=src/test/resources/vectors/bls-ticket-v1.json}.
 */
class PublishedVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path dir;

    @Test
    void thePublishedFileIsReproducedByteForByteFromItsFixedInputs() throws Exception {
        String generated = JSON.writeValueAsString(BlsTicketVectors.generate()) + "\n";
        String target = System.getProperty("lpreg.vectors.write");
        if (target != null) {
            Files.writeString(Path.of(target), generated);
        }

        assertThat(generated).isEqualTo(published());
    }

    @Test
    void theVerifierAcceptsEveryPublishedSpendAndRefusesEveryInvalidOneForItsReason() throws Exception {
        JsonNode root = JSON.readTree(published());
        BlsTicketVerifier verifier = new BlsTicketVerifier(MapPluginConfig.of(Map.of("verification_keys",
                keysFile(root).toString())));
        Instant now = Instant.parse(root.get("spend_time").asText());
        int accepted = 0;
        int refused = 0;
        for (JsonNode vector : root.get("vectors")) {
            TicketType type = TicketType.fromLabel(vector.get("ticket_type").asText());
            VerificationContext context = new VerificationContext(type, HEX.parseHex(root.get("gateway_identity").asText()),
                    HEX.parseHex(root.get("handshake_hash").asText()), now);

            VerificationResult result = verifier.verify(new Credential("bls-ticket-v1", HEX.parseHex(vector.get("spend").asText())), context);
            assertThat(result).isInstanceOfSatisfying(VerificationResult.Accepted.class, ok -> {
                assertThat(new VerificationResult.Accepted(ok.nullifier(), ok.bandwidthBytes(), ok.expiresAt()))
                        .isEqualTo(new VerificationResult.Accepted(HEX.parseHex(vector.get("serial").asText()),
                                vector.get("bandwidth_bytes").asLong(), now.plus(Duration.ofDays(7))));
                assertThat(ok.refusedAfter()).isAfter(now);
            });
            accepted++;
            for (JsonNode invalid : vector.get("invalid_spends")) {
                VerificationResult refusal = verifier.verify(new Credential("bls-ticket-v1", HEX.parseHex(invalid.get("spend").asText())), context);
                assertThat(refusal).isInstanceOfSatisfying(VerificationResult.Rejected.class, rejected ->
                        assertThat(rejected.reason().label()).as(invalid.get("description").asText()).isEqualTo(invalid.get("reason").asText()));
                refused++;
            }
        }
        assertThat(accepted).isEqualTo(2);
        assertThat(refused).isEqualTo(8);
    }

    static String published() throws Exception {
        try (InputStream in = PublishedVectorsTest.class.getResourceAsStream("/vectors/bls-ticket-v1.json")) {
            assertThat(in).as("src/test/resources/vectors/bls-ticket-v1.json").isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The vectors' public keys as a verification-keys.json, built only from the published file. */
    private Path keysFile(JsonNode root) throws Exception {
        Map<TicketType, TypeKeys> keys = new java.util.EnumMap<>(TicketType.class);
        for (JsonNode vector : root.get("vectors")) {
            List<byte[]> signerKeys = new ArrayList<>();
            vector.get("signer_keys").forEach(key -> signerKeys.add(HEX.parseHex(key.asText())));
            keys.put(TicketType.fromLabel(vector.get("ticket_type").asText()),
                    new TypeKeys(HEX.parseHex(vector.get("verification_key").asText()), signerKeys));
        }
        EpochKeys epoch = new EpochKeys(new io.lpreg.ecash.issuer.EpochWindow(root.get("epoch").asLong(),
                Instant.parse(root.get("valid_from").asText()), Instant.parse(root.get("valid_until").asText())), keys);
        Path file = dir.resolve("verification-keys.json");
        KeyFiles.writeVerificationKeys(file, new VerificationKeys(root.get("signers").asInt(), root.get("threshold").asInt(), List.of(epoch)));
        return file;
    }
}
