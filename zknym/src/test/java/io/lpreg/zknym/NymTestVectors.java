package io.lpreg.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.protocol.SharedTestVectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Nym's zk-nym fixtures in {@code nym-zknym/} of the shared vectors, read as hex and JSON. */
final class NymTestVectors {
    private NymTestVectors() {
    }

    static Path require(String fileName) {
        return SharedTestVectors.require("nym-zknym/" + fileName);
    }

    static byte[] hexFile(String fileName) {
        try {
            return HexFormat.of().parseHex(Files.readString(require(fileName)).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String fileName) {
        try {
            return new ObjectMapper().readTree(require(fileName).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode node) {
        return HexFormat.of().parseHex(node.asText());
    }
}
