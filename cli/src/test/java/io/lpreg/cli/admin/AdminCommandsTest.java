package io.lpreg.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.lpreg.cli.testing.Sh;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.cli.Lpreg;
import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin commands against a real dVPN gateway: SQLite and mock e-cash from their plugin zips, WireGuard through
 * the wireguard-linux plugin's managed wireguard-go in a network namespace of the test's own.
 */
@Timeout(120)
class AdminCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String suffix = HexFormat.of().formatHex(new byte[]{(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    private final String interfaceName = "lp15w" + suffix;
    private final String netns = "lp15n" + suffix;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private LpGateway gateway;
    private Path socket;

    @BeforeEach
    void startGateway() throws Exception {
        RealWireGuard.assumeAvailable();
        Sh.run("ip", "netns", "add", netns);
        cleanup.add(() -> Sh.exec(List.of("ip", "netns", "delete", netns)));
        Sh.run("ip", "-n", netns, "link", "set", "lo", "up");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path bundled = Path.of(System.getProperty("lpreg.test.plugins"));
        for (String id : List.of("storage-sqlite", "wireguard-linux", "ecash-mock")) {
            String zip = "lpreg-plugin-" + id + "-plugin.zip";
            Files.copy(bundled.resolve(zip), plugins.resolve(zip));
        }
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        // the socket's own mode (0600) must be what refuses other users, not a closed directory on the way
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = dir.resolve("data");
        GatewayConfig defaults = GatewayConfig.defaults();
        GatewayConfig config = defaults
                .withListener(defaults.listener()
                        .withBind(new InetSocketAddress("127.0.0.1", 0))
                        .withMaxConnections(100)
                        .withConnectionRate(1_000, 1_000)
                        .withShutdownGrace(Duration.ofSeconds(2)))
                .withoutMetrics()
                .withDataDirectory(data)
                .withPluginsDirectory(plugins)
                .withVerifiers("mock")
                .withStorage("sqlite")
                .withWireGuard("wireguard-linux")
                .withPluginSection("wireguard-linux", Map.of("backend", "wireguard-go", "interface", interfaceName,
                        "endpoint", "127.0.0.1:" + port, "listen_port", String.valueOf(port), "netns", netns,
                        "address_v4", "10.215.0.1/24", "address_v6", "fd15::1/120"))
                .withPluginSection("storage-sqlite", Map.of("ipv4_prefix", "10.215.0.0/24", "ipv6_prefix", "fd15::/120"));
        gateway = LpGateway.builder().config(config).start();
        cleanup.add(gateway);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = gateway.adminSocket().orElseThrow();
        assertThat(socket).isEqualTo(data.resolve("admin.sock"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : cleanup.reversed()) {
            closeable.close();
        }
    }

    @Test
    void peersListShowsTheRegisteredPeerAndRemoveTakesItOffTheInterfaceAndOutOfStorage() throws Exception {
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode poolBefore = json(run("pool", "--json", "--admin", socket.toString()));
        assertThat(poolBefore.at("/pool/ipv4/allocated").asLong()).isZero();
        long size = poolBefore.at("/pool/ipv4/size").asLong();
        assertThat(size).isEqualTo(253);

        WireGuardKey key = register();

        assertThat(wgPeers()).contains(key.base64());
        JsonNode list = json(run("peers", "list", "--json", "--data-dir", socket.getParent().toString()));
        assertThat(list.path("peers")).hasSize(1);
        JsonNode peer = list.path("peers").get(0);
        assertThat(peer.path("key").asText()).isEqualTo(key.base64());
        assertThat(peer.path("ipv4").asText()).startsWith("10.215.0.");
        assertThat(peer.path("ipv6").asText()).matches("fd15::[0-9a-f]{1,2}");
        assertThat(peer.path("on_interface").asBoolean()).isTrue();
        assertThat(peer.path("bandwidth_bytes").asLong()).isPositive();
        assertThat(run("peers", "list", "--admin", socket.toString()).out()).contains(key.base64()).contains("1 peer");
        assertThat(run("peers", "show", key.base64(), "--admin", socket.toString()).out())
                .contains(peer.path("ipv4").asText());
        JsonNode poolRegistered = json(run("pool", "--json", "--admin", socket.toString()));
        assertThat(poolRegistered.at("/pool/ipv4/allocated").asLong()).isEqualTo(1);
        assertThat(poolRegistered.at("/pool/ipv6/free").asLong()).isEqualTo(size - 1);

        Outcome removed = run("peers", "remove", key.base64(), "--admin", socket.toString());

        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("removed peer " + key.base64() + " (" + peer.path("ipv4").asText() + ", "
                + peer.path("ipv6").asText() + ")");
        assertThat(wgPeers()).doesNotContain(key.base64());
        assertThat(json(run("peers", "list", "--json", "--admin", socket.toString())).path("peers")).isEmpty();
        JsonNode poolAfter = json(run("pool", "--json", "--admin", socket.toString()));
        assertThat(poolAfter.at("/pool/ipv4/allocated").asLong()).isZero();
        assertThat(poolAfter.at("/pool/ipv4/quarantined").asLong()).isEqualTo(1);
        assertThat(poolAfter.at("/pool/ipv4/free").asLong()).isEqualTo(size - 1);

        Outcome again = run("peers", "remove", key.base64(), "--admin", socket.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no peer with key " + key.base64());
        JsonNode status = json(run("status", "--json", "--admin", socket.toString()));
        assertThat(status.at("/health/status").asText()).isEqualTo("up");
        assertThat(status.at("/counts/peers_stored").asLong()).isZero();
        assertThat(status.at("/counts/peers_on_interface").asLong()).isZero();
        assertThat(status.at("/counts/registrations_succeeded").asLong()).isEqualTo(1);
        assertThat(gateway.metrics().registry().scrape().stream()
                .filter(metric -> metric.getMetadata().getName().equals("lp_admin_requests")).findFirst().orElseThrow()
                .getDataPoints().stream().mapToDouble(point -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot
                        .CounterDataPointSnapshot) point).getValue()).sum()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void aCallerWhoMayNotOpenTheSocketIsRefusedAndTheGatewayKeepsServing() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", java,
                "-cp", readableClassPath(), Lpreg.class.getName(), "peers", "list", "--admin", socket.toString());

        Sh.Result nobody = Sh.exec(command);

        assertThat(nobody.exitCode()).as(nobody.stderr()).isEqualTo(1);
        assertThat(nobody.stderr()).contains("lpreg peers list: permission denied on " + socket)
                .contains("mode 0600");
        assertThat(run("peers", "list", "--admin", socket.toString()).exitCode()).isZero();
    }

    @Test
    void noGatewayAtThePathIsSaidPlainly() throws Exception {
        Outcome outcome = run("status", "--admin", dir.resolve("elsewhere/admin.sock").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("no gateway admin socket at " + dir.resolve("elsewhere/admin.sock"));
    }

    /** The test's class path with its jars copied where {@code nobody} may read them (~/.m2 is root's). */
    private String readableClassPath() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isRegularFile(path)) {
                Path copy = jars.resolve(entries.size() + "-" + path.getFileName());
                Files.copy(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private WireGuardKey register() throws Exception {
        RegistrationResult result = new LpRegistrationClient(new MockCredentialSource()).register(
                new GatewayTarget(gateway.address(), GatewayKey.identity(gateway.identityKey())),
                RegistrationOptions.dvpn(WireVersion.V1));
        assertThat(result).as(result.toString()).isInstanceOf(RegistrationResult.Registered.class);
        return new WireGuardKey(((RegistrationResult.Registered) result).wireGuardKeys().publicKey());
    }

    private String wgPeers() throws Exception {
        return Sh.run("wg", "show", interfaceName, "peers");
    }

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Lpreg.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    private static JsonNode json(Outcome outcome) throws Exception {
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        return JSON.readTree(outcome.out());
    }
}
