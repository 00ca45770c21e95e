package io.lpreg.protocol.noise.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads a cacophony {@code {"vectors": [...]}} file for the tests; the CLI has the full loader. */
final class CacophonyJson {
    private CacophonyJson() {}

    static List<NoiseVector> load(Path path) throws IOException {
        List<NoiseVector> vectors = new ArrayList<>();
        for (JsonNode node : new ObjectMapper().readTree(path.toFile()).get("vectors")) {
            List<NoiseVector.Message> messages = new ArrayList<>();
            for (JsonNode message : node.get("messages")) {
                messages.add(new NoiseVector.Message(hex(message, "payload"), hex(message, "ciphertext")));
            }
            vectors.add(new NoiseVector(node.get("protocol_name").asText(),
                    hex(node, "init_prologue"), hexList(node, "init_psks"), hex(node, "init_static"),
                    hex(node, "init_ephemeral"), hex(node, "init_remote_static"),
                    hex(node, "resp_prologue"), hexList(node, "resp_psks"), hex(node, "resp_static"),
                    hex(node, "resp_ephemeral"), hex(node, "resp_remote_static"),
                    hex(node, "handshake_hash"), messages));
        }
        return vectors;
    }

    private static byte[] hex(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : HexFormat.of().parseHex(value.asText());
    }

    private static List<byte[]> hexList(JsonNode node, String field) {
        List<byte[]> list = new ArrayList<>();
        JsonNode value = node.get(field);
        if (value != null) {
            value.forEach(element -> list.add(HexFormat.of().parseHex(element.asText())));
        }
        return list;
    }
}
