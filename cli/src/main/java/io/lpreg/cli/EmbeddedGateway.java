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

/**
 * A gateway inside the CLI's own process, for {@code bench --embedded} and {@code demo}: SQLite storage and
 * mock e-cash from the distribution's plugins folder, on 127.0.0.1, in a data directory of its own.
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
     * @param wireGuard the name of the WireGuard controller to use, if any
     * @param sections {@code [plugins.<id>]} sections
     */
    static LpGateway start(Path dataDirectory, Optional<String> wireGuard, Map<String, Map<String, String>> sections,
                           boolean metrics) throws CliException, GatewayStartupException {
        GatewayConfig defaults = GatewayConfig.defaults();
        GatewayConfig config = new GatewayConfig(
                new GatewayConfig.Listener(new InetSocketAddress("127.0.0.1", 0), defaults.listener().maxConnections(),
                        1_000_000, 1_000_000, defaults.listener().handshakeTimeout(), defaults.listener().connectionTimeout(),
                        defaults.listener().timestampTolerance(), Duration.ofSeconds(5)),
                new GatewayConfig.Metrics(metrics, new InetSocketAddress("127.0.0.1", 0)),
                new GatewayConfig.Paths(dataDirectory, GatewayConfig.defaultIdentityFile(dataDirectory),
                        Optional.of(pluginsDirectory())),
                new GatewayConfig.Registration(defaults.registration().workers(), 8192,
                        defaults.registration().peerKeepalive()),
                new GatewayConfig.Ecash(List.of("mock")),
                defaults.bandwidth(),
                "sqlite",
                wireGuard,
                sections);
        return LpGateway.builder().config(config).start();
    }
}
