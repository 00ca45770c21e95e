package io.lpreg.zknym;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HexFormat;

/** Strict JSON field access: every problem is a {@link MalformedZkNymException} that names the field. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(String json) throws MalformedZkNymException {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null) {
                throw new MalformedZkNymException("empty JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedZkNymException("not JSON: " + e.getOriginalMessage());
        }
    }

    static JsonNode field(JsonNode node, String name) throws MalformedZkNymException {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            throw new MalformedZkNymException("JSON field \"" + name + "\" is missing");
        }
        return value;
    }

    static JsonNode array(JsonNode node, String name, int max) throws MalformedZkNymException {
        JsonNode value = field(node, name);
        if (!value.isArray() || value.size() > max) {
            throw new MalformedZkNymException("JSON field \"" + name + "\" is not an array of at most " + max);
        }
        return value;
    }

    static byte[] hex(JsonNode node, String name, int length) throws MalformedZkNymException {
        return hexValue(field(node, name), name, length);
    }

    static byte[] hexValue(JsonNode value, String name, int length) throws MalformedZkNymException {
        if (value == null || !value.isTextual()) {
            throw new MalformedZkNymException("JSON field \"" + name + "\" is not a hex string");
        }
        String text = value.asText();
        if (text.length() != 2 * length) {
            throw new MalformedZkNymException("JSON field \"" + name + "\" is not " + length + " bytes of hex");
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedZkNymException("JSON field \"" + name + "\" is not hex");
        }
    }

    static long integer(JsonNode node, String name) throws MalformedZkNymException {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedZkNymException("JSON field \"" + name + "\" is not an integer");
        }
        return value.asLong();
    }

    static String text(JsonNode node, String name) throws MalformedZkNymException {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new MalformedZkNymException("JSON field \"" + name + "\" is not a string");
        }
        return value.asText();
    }
}
