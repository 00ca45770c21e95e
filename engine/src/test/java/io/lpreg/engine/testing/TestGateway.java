package io.lpreg.engine.testing;

import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.spi.WireGuardKey;
import io.lpreg.protocol.wire.WireVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real gateway on 127.0.0.1 (ephemeral ports) with the real storage-sqlite and ecash-mock plugins
 * loaded from a plugins folder, an in-memory WireGuard interface and the test verifier as embedded
 * extensions.
 */
public final class TestGateway implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LpGateway gateway;
    private final InMemoryWireGuard wireGuard;

    private TestGateway(LpGateway gateway, InMemoryWireGuard wireGuard) {
        this.gateway = gateway;
        this.wireGuard = wireGuard;
    }

    public static TestGateway start(Path dir) throws Exception {
        return start(dir, UnaryOperator.identity(), builder -> { });
    }

    public static TestGateway start(Path dir, UnaryOperator<GatewayConfig> configure, Consumer<LpGateway.Builder> customize)
            throws Exception {
        return start(dir, configure, customize, newWireGuard());
    }

    public static InMemoryWireGuard newWireGuard() {
        return new InMemoryWireGuard(new WireGuardKey(LpTestClient.randomKey()), new InetSocketAddress("203.0.113.7", 51822));
    }

    public static TestGateway start(Path dir, UnaryOperator<GatewayConfig> configure, Consumer<LpGateway.Builder> customize,
                                    InMemoryWireGuard wireGuard) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        for (Path zip : pluginZips()) {
            if (!Files.exists(plugins.resolve(zip.getFileName()))) {
                Files.copy(zip, plugins.resolve(zip.getFileName()));
            }
        }
        GatewayConfig defaults = GatewayConfig.defaults();
        GatewayConfig config = configure.apply(defaults
                .withListener(defaults.listener()
                        .withBind(new InetSocketAddress("127.0.0.1", 0))
                        .withConnectionRate(1_000, 1_000)
                        .withShutdownGrace(java.time.Duration.ofSeconds(5)))
                .withMetricsOn(new InetSocketAddress("127.0.0.1", 0))
                .withDataDirectory(dir.resolve("data"))
                .withPluginsDirectory(plugins)
                .withVerifiers("mock", "test")
                .withStorage("sqlite")
                .withWireGuard("memory"));
        LpGateway.Builder builder = LpGateway.builder().config(config).extension(wireGuard).extension(new TestVerifier());
        customize.accept(builder);
        return new TestGateway(builder.start(), wireGuard);
    }

    /** The plugin zips the build copied for the tests (engine/target/test-plugins). */
    public static List<Path> pluginZips() {
        Path directory = Path.of(System.getProperty("lpreg.test.plugins", "target/test-plugins"));
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> zips = files.filter(f -> f.toString().endsWith(".zip")).sorted().toList();
            if (zips.isEmpty()) {
                throw new IllegalStateException("no plugin zips in " + directory.toAbsolutePath() + "; run through Maven");
            }
            return zips;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LpGateway gateway() {
        return gateway;
    }

    public InMemoryWireGuard wireGuard() {
        return wireGuard;
    }

    public InetSocketAddress address() {
        return gateway.address();
    }

    public LpTestClient client(WireVersion version) throws IOException {
        return new LpTestClient(address(), gateway.lpKey(), version);
    }

    /**
     * A client connecting from {@code source} (any 127.0.0.0/8 address works on Linux): a refused credential
     * costs its source a penalty, so a test that sends many refusals spreads them like separate clients.
     */
    public LpTestClient client(WireVersion version, InetAddress source) throws IOException {
        return new LpTestClient(address(), gateway.lpKey(), version, new InetSocketAddress(source, 0));
    }

    /** The Prometheus text of {@code /metrics}. */
    public String metricsText() throws IOException, InterruptedException {
        return http("/metrics").body();
    }

    public HttpResponse<String> http(String path) throws IOException, InterruptedException {
        InetSocketAddress metrics = gateway.metricsAddress().orElseThrow();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample, e.g. {@code metric("lp_handshakes_failed_total", "reason", "replay")}; 0 if absent. */
    public double metric(String name, String... labels) throws IOException, InterruptedException {
        StringBuilder selector = new StringBuilder(name);
        if (labels.length > 0) {
            selector.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                selector.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
            }
            selector.append('}');
        }
        String prefix = selector + " ";
        return metricsText().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).split(" ")[0]))
                .findFirst()
                .orElse(0);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
