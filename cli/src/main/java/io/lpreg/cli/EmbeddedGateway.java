package io.lpreg.cli;

import io.lpreg.engine.GatewayStartupException;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.GatewayConfig;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A gateway inside the CLI's own process, for {@code bench --embedded} and {@code demo}: SQLite storage and
 * the e-cash verifiers asked for from the distribution's plugins folder, on 127.0.0.1, in a data directory of its own.
 */
final class EmbeddedGateway {
    private EmbeddedGateway() {
    }

    static Path pluginsDirectory() throws CliException {
        String home = System.getProperty("lpreg.home");
        Path plugins = home == null ? null : Path.of(home, "plugins");
        if (plugins == null || !Files.isDirectory(plugins)) {
            throw new CliException("the distribution's plugins folder is missing (run through ./lpreg, which builds it)");
        }
        return plugins;
    }

    /**
     * @param verifiers the e-cash verifiers to enable, by name
     * @param wireGuard the name of the WireGuard controller to use, if any
     * @param sections {@code [plugins.<id>]} sections
     */
    static LpGateway start(Path dataDirectory, List<String> verifiers, Optional<String> wireGuard,
                           Map<String, Map<String, String>> sections, boolean metrics)
            throws CliException, GatewayStartupException {
        return start(dataDirectory, verifiers, wireGuard, sections, metrics, UnaryOperator.identity());
    }

    /** As above, with the configuration changed by {@code adjust} last. */
    static LpGateway start(Path dataDirectory, List<String> verifiers, Optional<String> wireGuard,
                           Map<String, Map<String, String>> sections, boolean metrics, UnaryOperator<GatewayConfig> adjust)
            throws CliException, GatewayStartupException {
        GatewayConfig defaults = GatewayConfig.defaults();
        // one source address runs all the load, so the per-source rate limit is lifted
        GatewayConfig config = defaults
                .withListener(defaults.listener().withBind(new InetSocketAddress("127.0.0.1", 0))
                        .withConnectionRate(1_000_000, 1_000_000)
                        .withShutdownGrace(Duration.ofSeconds(5)))
                .withMetrics(new GatewayConfig.Metrics(metrics, new InetSocketAddress("127.0.0.1", 0)))
                .withDataDirectory(dataDirectory)
                .withPluginsDirectory(pluginsDirectory())
                .withRegistration(defaults.registration().withMaxPending(8192))
                .withVerifiers(verifiers.toArray(String[]::new))
                .withStorage("sqlite");
        if (wireGuard.isPresent()) {
            config = config.withWireGuard(wireGuard.get());
        }
        for (Map.Entry<String, Map<String, String>> section : sections.entrySet()) {
            config = config.withPluginSection(section.getKey(), section.getValue());
        }
        return LpGateway.builder().config(adjust.apply(config)).start();
    }
}
