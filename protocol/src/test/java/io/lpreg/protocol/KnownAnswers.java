package io.lpreg.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * The LP wire v1 known answers ({@code kat/lp-e2-kat.json}, copied from shared/testvectors: our own
 * computation, so it ships with the tests).
 */
public final class KnownAnswers {
    private static final JsonNode ROOT = load();

    private KnownAnswers() {
    }

    public static byte[] hex(String section, String key) {
        return HexFormat.of().parseHex(text(section, key));
    }

    public static String text(String section, String key) {
        JsonNode node = ROOT.path(section).path(key);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("no known answer " + section + "." + key);
        }
        return node.asText();
    }

    public static long number(String section, String key) {
        return ROOT.path(section).path(key).asLong();
    }

    public static JsonNode node(String section, String key) {
        return ROOT.path(section).path(key);
    }

    private static JsonNode load() {
        try (InputStream in = KnownAnswers.class.getResourceAsStream("/kat/lp-e2-kat.json")) {
            if (in == null) {
                throw new IllegalStateException("kat/lp-e2-kat.json missing from test resources");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
