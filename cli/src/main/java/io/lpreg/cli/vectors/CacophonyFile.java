package io.lpreg.cli.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.protocol.noise.vectors.NoiseVector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads Noise test vectors in the cacophony JSON format ({@code {"vectors": [...]}} or a bare array of
 * vectors, hex strings throughout). Snow's variant, which spells the protocol name as {@code hs_pattern},
 * {@code dh}, {@code cipher} and {@code hash}, is accepted too.
 */
public final class CacophonyFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CacophonyFile() {}

    /** @throws IOException if the file cannot be read, is not JSON, or holds a vector this format does not allow */
    public static List<NoiseVector> load(Path path) throws IOException {
        JsonNode root = MAPPER.readTree(path.toFile());
        JsonNode vectors = root != null && root.isObject() ? root.get("vectors") : root;
        if (vectors == null || !vectors.isArray()) {
            throw new IOException(path + ": expected {\"vectors\": [...]} or a JSON array of vectors");
        }
        List<NoiseVector> result = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            try {
                result.add(vector(vectors.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": vector " + i + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    static NoiseVector vector(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<NoiseVector.Message> messages = new ArrayList<>();
        JsonNode messageNodes = node.get("messages");
        if (messageNodes == null || !messageNodes.isArray()) {
            throw new IllegalArgumentException("messages is missing or not an array");
        }
        for (JsonNode message : messageNodes) {
            messages.add(new NoiseVector.Message(required(message, "payload"), required(message, "ciphertext")));
        }
        return new NoiseVector(
                protocolName(node),
                hex(node, "init_prologue"),
                hexList(node, "init_psks"),
                hex(node, "init_static"),
                hex(node, "init_ephemeral"),
                hex(node, "init_remote_static"),
                hex(node, "resp_prologue"),
                hexList(node, "resp_psks"),
                hex(node, "resp_static"),
                hex(node, "resp_ephemeral"),
                hex(node, "resp_remote_static"),
                hex(node, "handshake_hash"),
                messages);
    }

    private static String protocolName(JsonNode node) {
        JsonNode name = node.get("protocol_name");
        if (name != null && name.isTextual()) {
            return name.asText();
        }
        StringBuilder built = new StringBuilder("Noise");
        for (String field : List.of("hs_pattern", "dh", "cipher", "hash")) {
            JsonNode part = node.get(field);
            if (part == null || !part.isTextual()) {
                throw new IllegalArgumentException("neither protocol_name nor " + field + " is given");
            }
            built.append('_').append(part.asText());
        }
        return built.toString();
    }

    private static byte[] required(JsonNode node, String field) {
        byte[] bytes = hex(node, field);
        if (bytes == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return bytes;
    }

    private static byte[] hex(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is not a hex string");
        }
        try {
            return HexFormat.of().parseHex(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a hex string", e);
        }
    }

    private static List<byte[]> hexList(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(field + " is not an array of hex strings");
        }
        List<byte[]> list = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException(field + " is not an array of hex strings");
            }
            try {
                list.add(HexFormat.of().parseHex(element.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + " is not an array of hex strings", e);
            }
        }
        return list;
    }
}
