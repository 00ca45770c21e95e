package io.lpreg.plugin.wireguard.linux;

import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.WireGuardKey;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real gateway on 127.0.0.1 with this plugin as its WireGuard controller, the real storage-sqlite
 * plugin from a plugins folder, the engine's test verifier (1 MB per {@code ok:<id>} voucher) and a meter
 * that runs every 200 ms. The controller is created by the gateway from the class path with the given
 * {@code [plugins.wireguard-linux]} section, as an embedding application would have it.
 */
final class WireGuardGateway implements AutoCloseable {
    private final LpGateway gateway;

    private WireGuardGateway(LpGateway gateway) {
        this.gateway = gateway;
    }

    static WireGuardGateway start(Path dir, Map<String, String> section) throws Exception {
        return start(dir, section, Optional.empty());
    }

    /** With {@code storage} (named {@code faulty}, as FaultyStorage is) instead of the plugin's SQLite. */
    static WireGuardGateway start(Path dir, Map<String, String> section, Optional<GatewayStorage> embeddedStorage)
            throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path storage = Path.of(System.getProperty("lpreg.test.plugins", "target/test-plugins"))
                .resolve("lpreg-plugin-storage-sqlite-plugin.zip");
        if (!Files.exists(plugins.resolve(storage.getFileName()))) {
            Files.copy(storage, plugins.resolve(storage.getFileName()));
        }
        GatewayConfig defaults = GatewayConfig.defaults();
        GatewayConfig config = defaults
                .withListener(defaults.listener()
                        .withBind(new InetSocketAddress("127.0.0.1", 0))
                        .withMaxConnections(1_000)
                        .withConnectionRate(1_000, 1_000)
                        .withShutdownGrace(Duration.ofSeconds(2)))
                .withoutMetrics()
                .withDataDirectory(dir.resolve("data"))
                .withPluginsDirectory(plugins)
                .withVerifiers("test")
                .withMeterInterval(Duration.ofMillis(200))
                .withStorage(embeddedStorage.map(GatewayStorage::name).orElse("sqlite"))
                .withWireGuard(LinuxWireGuardController.NAME)
                .withPluginSection(LinuxWireGuardController.NAME, section);
        LpGateway.Builder builder = LpGateway.builder().config(config).extension(new TestVerifier());
        embeddedStorage.ifPresent(builder::extension);
        return new WireGuardGateway(builder.start());
    }

    /** A dVPN registration paid with the voucher {@code ok:<voucherId>}. */
    LpRegistrationResponse register(WireGuardKey key, String voucherId) throws Exception {
        try (LpTestClient client = new LpTestClient(gateway.address(), gateway.lpKey(), WireVersion.V2)) {
            client.handshake();
            return client.register(LpTestClient.dvpnRequest(WireVersion.V2, key.bytes(), TestVerifier.SCHEME,
                    TestVerifier.voucher("ok:" + voucherId)));
        }
    }

    /**
     * Stops the gateway, then does what PF4J does for the plugin in a plugins folder: {@code stop()}. A class
     * path extension gets no such call from the engine (see README.md, "Lifecycle").
     */
    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            new WireGuardLinuxPlugin().stop();
        }
    }

    /** The pids of the wireguard-go processes this JVM started for {@code interfaceName}. */
    static List<ProcessHandle> wireGuardGo(String interfaceName) {
        try (Stream<ProcessHandle> descendants = ProcessHandle.current().descendants()) {
            return descendants.filter(process -> process.info().commandLine().orElse("")
                    .matches(".*wireguard-go -f " + interfaceName + "$")).toList();
        }
    }

    static String readLine(Process process) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = process.getInputStream().read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
