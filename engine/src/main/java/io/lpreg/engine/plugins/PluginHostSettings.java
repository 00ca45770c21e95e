package io.lpreg.engine.plugins;

import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.PluginMetrics;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * What the plugin host needs from the engine.
 *
 * @param pluginsDirectory the folder of plugin zips and jars; empty when embedded (built-in and embedded
 *                         extensions only)
 * @param embeddedExtensions objects implementing one or more extension points, used as they are
 * @param pluginSections the {@code [plugins.<id>]} sections of the configuration; extensions found on the
 *                       class path read the section of the plugin id their jar declares, else {@code engine}
 * @param dataDirectory the gateway's data directory; a plugin's files go to {@code <data>/plugins/<id>}
 * @param metricsForPlugin the metrics handle of a plugin id
 * @param engineBindings instances bound in the root injector by their type, e.g. the {@code GatewayConfig}
 * @param engineVersion checked against each plugin's {@code plugin.requires}
 */
public record PluginHostSettings(Optional<Path> pluginsDirectory, List<Object> embeddedExtensions,
                                 Map<String, Map<String, String>> pluginSections, Path dataDirectory, Clock clock,
                                 Function<String, PluginMetrics> metricsForPlugin,
                                 Map<Class<?>, Object> engineBindings, String engineVersion) {
    private static final List<Class<?>> HOST_BOUND = List.of(Clock.class, PluginConfig.class, PluginMetrics.class);

    public PluginHostSettings {
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        embeddedExtensions = List.copyOf(requireNonNull(embeddedExtensions, "embeddedExtensions is null"));
        Map<String, Map<String, String>> sections = new HashMap<>();
        requireNonNull(pluginSections, "pluginSections is null")
                .forEach((id, section) -> sections.put(id, Map.copyOf(section)));
        pluginSections = Map.copyOf(sections);
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(metricsForPlugin, "metricsForPlugin is null");
        engineBindings = Map.copyOf(requireNonNull(engineBindings, "engineBindings is null"));
        requireNonNull(engineVersion, "engineVersion is null");
        engineBindings.forEach((type, instance) -> {
            if (HOST_BOUND.contains(type)) {
                throw new IllegalArgumentException(type.getName() + " is bound by the plugin host itself");
            }
            if (!type.isInstance(instance)) {
                throw new IllegalArgumentException("engine binding for " + type.getName() + " is a "
                        + instance.getClass().getName());
            }
        });
    }

    Map<String, String> section(String pluginId) {
        return pluginSections.getOrDefault(pluginId, Map.of());
    }
}
