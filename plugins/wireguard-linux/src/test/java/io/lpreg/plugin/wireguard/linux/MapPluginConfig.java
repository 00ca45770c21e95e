package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.PluginConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@code [plugins.wireguard-linux]} section as the gateway would inject it. */
record MapPluginConfig(Map<String, String> values, Path dataDirectory) implements PluginConfig {
    @Override
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }
}
