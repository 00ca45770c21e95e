package io.lpreg.testkit.storage;

import io.lpreg.spi.PluginConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** A plugin section as the engine would hand it over, from a map. */
public record MapPluginConfig(Map<String, String> values, Path dataDirectory) implements PluginConfig {
    public MapPluginConfig {
        values = Map.copyOf(requireNonNull(values, "values is null"));
        requireNonNull(dataDirectory, "dataDirectory is null");
    }

    public static MapPluginConfig in(Path dataDirectory) {
        return new MapPluginConfig(Map.of(), dataDirectory);
    }

    public MapPluginConfig with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new MapPluginConfig(copy, dataDirectory);
    }

    public MapPluginConfig without(String key) {
        Map<String, String> copy = new HashMap<>(values);
        copy.remove(key);
        return new MapPluginConfig(copy, dataDirectory);
    }

    @Override
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }
}
