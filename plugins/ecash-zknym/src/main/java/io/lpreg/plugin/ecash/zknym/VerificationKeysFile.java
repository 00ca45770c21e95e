package io.lpreg.plugin.ecash.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.zknym.MalformedZkNymException;
import io.lpreg.zknym.VerificationKey;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code verification_keys}: a JSON array of {@code {"epoch_id": N, "key": {"alpha", "beta_g1", "beta_g2"}}},
 * the key in nym-api's JSON (what {@code GET /v1/ecash/master-verification-key?epoch_id=N} answers under
 * {@code "key"}). Read once at start; every point is decoded and subgroup-checked by the zknym library.
 */
final class VerificationKeysFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private VerificationKeysFile() {
    }

    static Map<Long, VerificationKey> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("verification_keys: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("verification_keys: " + file + " is not a JSON array of {\"epoch_id\", \"key\"}");
        }
        Map<Long, VerificationKey> keys = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            String where = "verification_keys: " + file + " entry " + i;
            JsonNode epochNode = entry.path("epoch_id");
            if (!epochNode.isIntegralNumber() || epochNode.bigIntegerValue().signum() < 0
                    || epochNode.bigIntegerValue().compareTo(U64_MAX) > 0) {
                throw new IllegalArgumentException(where + ": epoch_id must be an unsigned 64-bit integer");
            }
            long epoch = epochNode.bigIntegerValue().longValue();
            VerificationKey key;
            try {
                key = VerificationKey.fromJson(entry.get("key"));
            } catch (MalformedZkNymException | RuntimeException e) {
                throw new IllegalArgumentException(where + " (epoch " + Long.toUnsignedString(epoch) + "): " + e.getMessage(), e);
            }
            if (keys.put(epoch, key) != null) {
                throw new IllegalArgumentException(where + ": epoch " + Long.toUnsignedString(epoch) + " appears twice");
            }
        }
        return keys;
    }
}
