package io.lpreg.example.voucher;

import io.lpreg.spi.PluginConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@code [plugins.hmac-voucher]} section as the gateway would inject it. */
record MapPluginConfig(Map<String, String> values) implements PluginConfig {
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
        throw new UnsupportedOperationException("the verifier keeps no files");
    }
}
