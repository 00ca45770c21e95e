package io.lpreg.cli;

import io.lpreg.engine.GatewayStartupException;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.BindAddress;
import io.lpreg.engine.config.ConfigException;
import io.lpreg.engine.config.ConfigOverrides;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.config.GatewayConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code lpreg gateway}: runs a gateway until SIGINT or SIGTERM, then shuts it down gracefully. */
@Command(name = "gateway", description = "Run an LP gateway until SIGINT/SIGTERM (graceful shutdown).")
public final class GatewayCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration file (docs/configuration.md)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./lpreg-data)")
    Path dataDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "LP listener address (default 0.0.0.0:41264)")
    String listen;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "/metrics and /health address (default 127.0.0.1:9464)")
    String metrics;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Plugins folder (PF4J zips and jars)")
    Path plugins;

    @Option(names = "--identity", paramLabel = "FILE", description = "Ed25519 identity key file (default <data-dir>/identity.key)")
    Path identity;

    @Option(names = "--ecash", paramLabel = "NAME", description = "Enable an e-cash verifier by name, e.g. mock (repeatable)")
    List<String> ecash = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = GatewayConfigLoader.load(Optional.ofNullable(config), new ConfigOverrides(
                    Optional.ofNullable(dataDir), address("--listen", listen), address("--metrics", metrics),
                    Optional.ofNullable(plugins), Optional.ofNullable(identity), ecash));
        } catch (ConfigException e) {
            err.println("lpreg gateway: " + e.getMessage());
            return 2;
        }
        gatewayConfig = withBundledPlugins(gatewayConfig);
        LpGateway gateway;
        try {
            gateway = LpGateway.builder().config(gatewayConfig).start();
        } catch (GatewayStartupException e) {
            err.println("lpreg gateway: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "lpreg-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        HexFormat hex = HexFormat.of();
        out.println("lpreg gateway listening on " + BindAddress.format(gateway.address())
                + " identity_key=" + hex.formatHex(gateway.identityKey())
                + " lp_key=" + hex.formatHex(gateway.lpKey())
                + gateway.metricsAddress().map(a -> " metrics=http://" + BindAddress.format(a) + "/metrics").orElse(""));
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Without a configured plugins folder, the distribution's own ({@code <lpreg.home>/plugins}, set by the
     * launcher) is used, so the bundled storage and verifier plugins work out of the box.
     */
    static GatewayConfig withBundledPlugins(GatewayConfig config) {
        String home = System.getProperty("lpreg.home");
        if (config.paths().pluginsDirectory().isPresent() || home == null) {
            return config;
        }
        GatewayConfig.Paths paths = new GatewayConfig.Paths(config.paths().dataDirectory(), config.paths().identityFile(),
                Optional.of(Path.of(home, "plugins")));
        return new GatewayConfig(config.listener(), config.metrics(), paths, config.registration(), config.ecash(),
                config.bandwidth(), config.storage(), config.wireGuard(), config.plugins());
    }

    private static Optional<InetSocketAddress> address(String flag, String value) throws ConfigException {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(BindAddress.parse(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(flag + ": " + e.getMessage());
        }
    }
}
