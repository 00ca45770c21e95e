package io.lpreg.engine.plugins;

import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.spi.PluginMetrics;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link PluginHostSettings} for tests, with a fixed clock and metrics that remember what was counted. */
final class HostSettings {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    static final String ENGINE_VERSION = "0.1.0";

    private Optional<Path> pluginsDirectory = Optional.empty();
    private final List<Object> embedded = new ArrayList<>();
    private final Map<String, Map<String, String>> sections = new HashMap<>();
    private final Path dataDirectory;
    private String engineVersion = ENGINE_VERSION;
    final Map<String, AtomicLong> counted = new ConcurrentHashMap<>();

    private HostSettings(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    static HostSettings dataIn(Path dataDirectory) {
        return new HostSettings(dataDirectory);
    }

    HostSettings plugins(Path directory) {
        pluginsDirectory = Optional.of(directory);
        return this;
    }

    HostSettings embedded(Object... extensions) {
        embedded.addAll(List.of(extensions));
        return this;
    }

    HostSettings section(String pluginId, Map<String, String> values) {
        sections.put(pluginId, values);
        return this;
    }

    HostSettings engineVersion(String version) {
        engineVersion = version;
        return this;
    }

    /** The count of {@code counter} of {@code pluginId}. */
    long count(String pluginId, String counter) {
        AtomicLong count = counted.get(pluginId + "/" + counter);
        return count == null ? 0 : count.get();
    }

    PluginHostSettings build() {
        // the engine's built-in modes take the gateway configuration
        return new PluginHostSettings(pluginsDirectory, embedded, sections, dataDirectory, CLOCK, this::metrics,
                Map.of(GatewayConfig.class, GatewayConfig.defaults()), engineVersion);
    }

    PluginHost start() throws PluginStartupException {
        return PluginHost.start(build());
    }

    private PluginMetrics metrics(String pluginId) {
        return (name, help) -> {
            AtomicLong count = counted.computeIfAbsent(pluginId + "/" + name, key -> new AtomicLong());
            return count::addAndGet;
        };
    }
}
