package io.lpreg.protocol.v3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.protocol.SharedTestVectors;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.v3.crypto.MlKem768;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code shared/testvectors/nym-lp-psq/transcript.json}: one run of Nym's own crates, every byte recorded.
 * Third-party data, read in place and never committed ({@link SharedTestVectors}). Keys in the file carry
 * explanations after the name ({@code "k_tx (BLAKE3 derive_key …)"}); a path element matches a key that
 * is exactly it or starts with it and a space.
 */
public final class NymTranscript {
    private final JsonNode root;

    private NymTranscript(JsonNode root) {
        this.root = root;
    }

    public static NymTranscript load() {
        try {
            return new NymTranscript(new ObjectMapper().readTree(SharedTestVectors.require("nym-lp-psq/transcript.json").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode node(String... path) {
        JsonNode node = root;
        for (String element : path) {
            JsonNode next = null;
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals(element) || field.getKey().startsWith(element + " ")) {
                    next = field.getValue();
                    break;
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("transcript has no " + String.join(".", path));
            }
            node = next;
        }
        return node;
    }

    public byte[] hex(String... path) {
        return HexFormat.of().parseHex(node(path).asText());
    }

    public byte[] message(int number) {
        for (Iterator<String> names = root.path("messages").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith(number + "_")) {
                JsonNode message = root.path("messages").path(name);
                JsonNode wire = message.has("hex") ? message.path("hex") : null;
                if (wire == null) {
                    for (Iterator<Map.Entry<String, JsonNode>> fields = message.path(
                            number == 5 ? "decrypted_by_gateway" : "decrypted_by_client").fields(); fields.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        if (field.getKey().startsWith("wire_hex")) {
                            wire = field.getValue();
                        }
                    }
                }
                return HexFormat.of().parseHex(wire.asText());
            }
        }
        throw new IllegalArgumentException("no message " + number);
    }

    public KeyPair gatewayStaticKey() {
        return KeyPair.fromPrivate(hex("keys", "gateway_x25519_lp_sk"));
    }

    public KeyPair clientStaticKey() {
        return KeyPair.fromPrivate(hex("keys", "client_x25519_lp_sk"));
    }

    public MlKem768.KeyPair gatewayKemKey() {
        return MlKem768.fromSeed(hex("keys", "gateway_mlkem768_keygen_randomness"));
    }

    public byte[] kemDigest() {
        return hex("kem_digest_check", "blake3(gateway_mlkem768_ek)");
    }

    /** The draws of one role's generator, each as the bytes Nym's code used (a u32 draw gave its low byte). */
    public Randomness replay(String role) {
        List<byte[]> draws = new ArrayList<>();
        for (JsonNode draw : node("rng_draws", role)) {
            byte[] bytes = HexFormat.of().parseHex(draw.path("hex").asText());
            draws.add(draw.path("call").asText().equals("next_u32") ? new byte[] {bytes[0]} : bytes);
        }
        return new ReplayedRandomness(draws);
    }

    /** Hands out recorded draws in order; a draw of another size, or one too many, fails the test. */
    static final class ReplayedRandomness implements Randomness {
        private final Deque<byte[]> draws;

        ReplayedRandomness(List<byte[]> draws) {
            this.draws = new ArrayDeque<>(draws);
        }

        @Override
        public void fill(byte[] out) {
            byte[] next = draws.poll();
            if (next == null || next.length != out.length) {
                throw new AssertionError("draw of " + out.length + " bytes, the transcript has "
                        + (next == null ? "no more draws" : "one of " + next.length));
            }
            System.arraycopy(next, 0, out, 0, out.length);
        }

        int remaining() {
            return draws.size();
        }
    }
}
