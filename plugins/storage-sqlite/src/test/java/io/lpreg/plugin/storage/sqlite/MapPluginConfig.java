package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.PluginConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A plugin section as the engine would hand it over, from a map. */
record MapPluginConfig(Map<String, String> values, Path dataDirectory) implements PluginConfig {
    MapPluginConfig {
        values = Map.copyOf(values);
    }

    static MapPluginConfig in(Path dataDirectory) {
        return new MapPluginConfig(Map.of(), dataDirectory);
    }

    MapPluginConfig with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
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
