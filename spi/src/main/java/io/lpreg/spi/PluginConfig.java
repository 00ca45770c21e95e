package io.lpreg.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin's own configuration section ({@code [plugins.<plugin-id>]} in the gateway's TOML file) and its
 * data directory. Injected into extension constructors.
 */
public interface PluginConfig {
    /** The raw value of a key, as a string. */
    Optional<String> value(String key);

    Set<String> keys();

    /**
     * A key's values: the elements of a TOML array of strings, numbers or booleans ({@code nym_api = ["http://a",
     * "http://b"]}), or the one value of a plain key; empty when the key is absent. The engine hands an array
     * over as the keys {@code key[0]}, {@code key[1]}, … so that every section stays a map of strings.
     */
    default List<String> values(String key) {
        Optional<String> single = value(key);
        if (single.isPresent()) {
            return List.of(single.get());
        }
        List<String> elements = new ArrayList<>();
        for (Optional<String> element = value(key + "[0]"); element.isPresent();
             element = value(key + "[" + elements.size() + "]")) {
            elements.add(element.get());
        }
        return List.copyOf(elements);
    }

    /** A directory for the plugin's files, created on demand under the gateway's data directory. */
    Path dataDirectory();

    default String string(String key, String defaultValue) {
        return value(key).orElse(defaultValue);
    }

    default long longValue(String key, long defaultValue) {
        return value(key).map(Long::parseLong).orElse(defaultValue);
    }

    default boolean booleanValue(String key, boolean defaultValue) {
        return value(key).map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got " + v);
        }).orElse(defaultValue);
    }

    /** A duration written with a unit: {@code 500ms}, {@code 15s}, {@code 10m}, {@code 2h}, {@code 7d}. */
    default Duration duration(String key, Duration defaultValue) {
        return value(key).map(PluginConfig::parseDuration).orElse(defaultValue);
    }

    static Duration parseDuration(String text) {
        String value = text.strip();
        int split = 0;
        while (split < value.length() && Character.isDigit(value.charAt(split))) {
            split++;
        }
        if (split == 0 || split == value.length()) {
            throw new IllegalArgumentException("duration needs a number and a unit (ms, s, m, h, d): " + text);
        }
        long amount = Long.parseLong(value.substring(0, split));
        return switch (value.substring(split)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown duration unit in " + text + " (ms, s, m, h, d)");
        };
    }
}
