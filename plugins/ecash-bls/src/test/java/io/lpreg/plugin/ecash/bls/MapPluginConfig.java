package io.lpreg.plugin.ecash.bls;

import io.lpreg.spi.PluginConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@code [plugins.ecash-bls]} section as the gateway would inject it. */
record MapPluginConfig(Map<String, String> values) implements PluginConfig {
    static MapPluginConfig empty() {
        return new MapPluginConfig(Map.of());
    }

    @Override
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Path dataDirectory() {
        throw new UnsupportedOperationException("the bls verifier keeps no files");
    }
}
