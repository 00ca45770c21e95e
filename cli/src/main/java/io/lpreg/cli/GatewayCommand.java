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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    @Option(names = "--wireguard", paramLabel = "IP:PORT",
            description = "dVPN mode through the bundled wireguard-linux plugin: it runs and manages a wireguard-go "
                    + "interface (root and /dev/net/tun needed) and tells clients to send WireGuard to IP:PORT, "
                    + "which is also its UDP port; the rest of [plugins.wireguard-linux] comes from --config or the "
                    + "plugin's defaults (interface lpwg0, 10.1.0.1/16, fd00::1/112)")
    String wireGuard;

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
            if (wireGuard != null) {
                gatewayConfig = withManagedWireGuard(gatewayConfig, wireGuard);
            }
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
            Optional<String> hint = NextStep.bindFailure(e, gatewayConfig);
            if (hint.isEmpty() && gatewayConfig.wireGuard().isPresent()) {
                hint = NextStep.wireGuardHost();
            }
            hint.ifPresent(next -> err.println("lpreg gateway: " + next));
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
        return config.withPluginsDirectory(Path.of(home, "plugins"));
    }

    static final String WIREGUARD_PLUGIN = "wireguard-linux";

    /** {@code --wireguard IP:PORT}: the bundled plugin with a managed wireguard-go, announced at that endpoint. */
    static GatewayConfig withManagedWireGuard(GatewayConfig config, String endpoint) throws ConfigException {
        InetSocketAddress announced = address("--wireguard", endpoint).orElseThrow();
        if (announced.getAddress().isAnyLocalAddress() || announced.getPort() == 0) {
            throw new ConfigException("--wireguard " + endpoint + ": clients send WireGuard there, so it needs a "
                    + "reachable address and a port, e.g. 203.0.113.7:51822");
        }
        Map<String, String> section = new TreeMap<>(config.plugins().getOrDefault(WIREGUARD_PLUGIN, Map.of()));
        section.put("backend", "wireguard-go");
        section.put("endpoint", endpoint);
        section.put("listen_port", String.valueOf(announced.getPort()));
        return config.withWireGuard(WIREGUARD_PLUGIN).withPluginSection(WIREGUARD_PLUGIN, section);
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
