package io.lpreg.testkit.plugin;

import io.lpreg.spi.PluginConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A {@code [plugins.<id>]} section as the engine would hand it over, from a map: with a data directory
 * ({@link #in}), or without one for a plugin that keeps no files ({@link #of}), where asking for it fails.
 */
public final class MapPluginConfig implements PluginConfig {
    private final Map<String, String> values;
    private final Optional<Path> dataDirectory;

    public MapPluginConfig(Map<String, String> values, Path dataDirectory) {
        this(values, Optional.of(requireNonNull(dataDirectory, "dataDirectory is null")));
    }

    private MapPluginConfig(Map<String, String> values, Optional<Path> dataDirectory) {
        this.values = Map.copyOf(requireNonNull(values, "values is null"));
        this.dataDirectory = dataDirectory;
    }

    /** A section of {@code values} for a plugin that keeps no files. */
    public static MapPluginConfig of(Map<String, String> values) {
        return new MapPluginConfig(values, Optional.empty());
    }

    /** An empty section for a plugin that keeps no files. */
    public static MapPluginConfig empty() {
        return of(Map.of());
    }

    /** An empty section whose data directory is {@code dataDirectory}. */
    public static MapPluginConfig in(Path dataDirectory) {
        return new MapPluginConfig(Map.of(), dataDirectory);
    }

    public MapPluginConfig with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new MapPluginConfig(copy, dataDirectory);
    }

    /** An array key ({@code nym_api = ["http://a", "http://b"]}) as the engine hands it over: key[0], key[1], … */
    public MapPluginConfig with(String key, List<String> elements) {
        Map<String, String> copy = new HashMap<>(values);
        copy.remove(key);
        copy.keySet().removeIf(existing -> existing.startsWith(key + "["));
        for (int i = 0; i < elements.size(); i++) {
            copy.put(key + "[" + i + "]", elements.get(i));
        }
        return new MapPluginConfig(copy, dataDirectory);
    }

    public MapPluginConfig without(String key) {
        Map<String, String> copy = new HashMap<>(values);
        copy.remove(key);
        return new MapPluginConfig(copy, dataDirectory);
    }

    public Map<String, String> values() {
        return values;
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
        return dataDirectory.orElseThrow(
                () -> new UnsupportedOperationException("this plugin was given no data directory: it keeps no files"));
    }

    @Override
    public String toString() {
        return "MapPluginConfig" + values + dataDirectory.map(directory -> " in " + directory).orElse("");
    }
}
