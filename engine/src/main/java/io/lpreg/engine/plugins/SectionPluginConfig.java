package io.lpreg.engine.plugins;

import io.lpreg.spi.PluginConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** A plugin's {@code [plugins.<id>]} section and its data directory, created on first use. */
record SectionPluginConfig(Map<String, String> values, Path directory) implements PluginConfig {
    SectionPluginConfig {
        values = Map.copyOf(requireNonNull(values, "values is null"));
        requireNonNull(directory, "directory is null");
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
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugin data directory " + directory, e);
        }
    }
}
