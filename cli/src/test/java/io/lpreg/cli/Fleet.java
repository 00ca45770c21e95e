package io.lpreg.cli;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A fleet of {@code lpreg gateway} processes on storage-postgres with real {@code bls-ticket-v1} tickets, for the
 * fleet tests: a 2-of-3 issuer, wallets from it, and nodes that each run a managed wireguard-go interface of
 * their own. Shared by {@link FleetTest} (one database server) and {@link FleetFailoverTest} (a failover pair).
 */
final class Fleet {
    private static final Pattern START_LINE = Pattern.compile(
            "lpreg gateway listening on 127\\.0\\.0\\.1:(\\d+) identity_key=([0-9a-f]{64}) lp_key=[0-9a-f]{64} metrics=http://127\\.0\\.0\\.1:(\\d+)/metrics");

    record Node(String name, Path config, Process process, GatewayTarget target, int metricsPort, String interfaceName) {
    }

    /** SQL as the superuser on the fleet's database (on its primary), for checks. */
    @FunctionalInterface
    interface Sql {
        String run(String query) throws Exception;
    }

    private final Path dir;
    private final Path issuer;
    private final String interfacePrefix = "lpflt" + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
    private final Map<String, Integer> wireGuardPorts = new ConcurrentHashMap<>();

    /** Skips (or, with {@code LPREG_REQUIRE_WIREGUARD}, fails) where WireGuard interfaces cannot run. */
    static void assumeWireGuard() {
        Optional<String> why = DemoCommand.whyNoWireGuard(Path.of(System.getProperty("lpreg.test.plugins")));
        if (why.isPresent() && System.getenv("LPREG_REQUIRE_WIREGUARD") != null) {
            throw new AssertionError("LPREG_REQUIRE_WIREGUARD is set, but: " + why.get());
        }
        assumeTrue(why.isEmpty(), () -> "skipped: every node runs a WireGuard interface, and " + why.orElse(""));
    }

    /** A fleet whose files live in {@code dir}, with a new 2-of-3 issuer of both ticket types. */
    Fleet(Path dir) {
        this.dir = dir;
        this.issuer = dir.resolve("issuer");
        cli("ecash", "keygen", "--signers", "3", "--threshold", "2", "--epoch", "1",
                "--ticket-types", "mixnet-entry,wireguard-entry", "--issuer", issuer.toString());
    }

    /**
     * Starts node {@code gw-N} on {@code url}; {@code storageSettings} are further lines of its storage-postgres
     * section, {@code extraSections} further TOML (e.g. a {@code [bandwidth]} table). Returns once it listens.
     */
    Node start(String name, String url, String user, Path passwordFile, String storageSettings, String extraSections) throws Exception {
        Path config = dir.resolve(name + ".toml");
        int number = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
        int udpPort = wireGuardPorts.computeIfAbsent(name, n -> freeUdpPort());
        String interfaceName = interfacePrefix + number;
        Files.writeString(config, """
                storage = "postgres"
                wireguard = "wireguard-linux"

                [plugins.wireguard-linux]
                backend = "wireguard-go"
                interface = "%s"
                endpoint = "127.0.0.1:%d"
                listen_port = "%d"
                address_v4 = "10.24%d.0.1/16"
                address_v6 = "fd4%d::1/112"

                [ecash]
                verifiers = ["bls"]

                [plugins.ecash-bls]
                verification_keys = "%s"

                [plugins.storage-postgres]
                url = "%s"
                user = "%s"
                password_file = "%s"
                node = "%s"
                ipv4_prefix = "10.24%d.0.0/16"
                ipv6_prefix = "fd4%d::/112"
                %s
                %s
                """.formatted(interfaceName, udpPort, udpPort, number, number,
                issuer.resolve("verification-keys.json"), url, user, passwordFile, name, number, number,
                storageSettings, extraSections));
        Path out = dir.resolve(name + ".out");
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Dguice_bytecode_gen_option=DISABLED",
                "-cp", System.getProperty("java.class.path"), Lpreg.class.getName(), "gateway", "--config", config.toString(),
                "--data-dir", dir.resolve(name).toString(), "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0",
                "--plugins", System.getProperty("lpreg.test.plugins"))
                .redirectOutput(out.toFile())
                .redirectError(log.toFile())
                .start();
        Optional<Matcher> started = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (started.isEmpty()) {
            assertThat(process.isAlive()).as("%s exited:\n%s\n%s", name, Files.readString(out), Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("%s did not start:\n%s", name, Files.readString(log)).isLessThan(deadline);
            started = Files.readAllLines(out).stream().map(START_LINE::matcher).filter(Matcher::matches).findFirst();
            if (started.isEmpty()) {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        Matcher line = started.get();
        return new Node(name, config, process, new GatewayTarget(new InetSocketAddress("127.0.0.1", Integer.parseInt(line.group(1))),
                GatewayKey.identity(HexFormat.of().parseHex(line.group(2)))), Integer.parseInt(line.group(3)), interfaceName);
    }

    /** SIGTERM to every node (each stops its wireguard-go), then SIGKILL to those that do not stop. */
    static void stop(List<Node> nodes) throws Exception {
        for (Node node : nodes) {
            node.process().destroy();
        }
        for (Node node : nodes) {
            if (!node.process().waitFor(20, TimeUnit.SECONDS)) {
                killWithChildren(node.process());
            }
        }
    }

    /** SIGKILL to the gateway and its children, as systemd's default KillMode=control-group does. */
    static void killWithChildren(Process process) throws Exception {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        for (ProcessHandle child : children) {
            child.destroyForcibly();
            child.onExit().get(20, TimeUnit.SECONDS);
        }
    }

    /** A new wallet of {@code tickets} tickets of {@code ticketType} from the fleet's issuer. */
    Path wallet(String name, int tickets, String ticketType) {
        Path wallet = dir.resolve(name + ".wallet");
        cli("ecash", "issue", "--issuer", issuer.toString(), "--ticket-type", ticketType,
                "--count", Integer.toString(tickets), "--wallet", wallet.toString());
        return wallet;
    }

    /** A copy of a wallet: the same tickets, spendable a second time as far as the client knows. */
    Path copy(Path wallet, String name) throws IOException {
        return Files.copy(wallet, dir.resolve(name + ".wallet"));
    }

    /** The peers on the node's WireGuard interface (base64 public keys). */
    static Set<String> interfacePeers(Node node) throws Exception {
        return HostCommands.check(List.of("wg", "show", node.interfaceName(), "peers")).lines()
                .filter(line -> !line.isBlank()).collect(Collectors.toSet());
    }

    /** The node's peers in storage (base64 public keys). */
    static Set<String> storedPeers(Node node, Sql sql) throws Exception {
        return sql.run("SELECT encode(public_key, 'base64') FROM peers WHERE node = '" + node.name() + "'").lines()
                .filter(line -> !line.isBlank()).collect(Collectors.toSet());
    }

    static HttpResponse<String> health(Node node) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String metrics(Node node) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Credits equal accepted spends: every spend has its balance, and every balance holds exactly what its spends bought. */
    static void assertLedgerAddsUp(Sql sql) throws Exception {
        assertThat(sql.run("""
                SELECT count(*) FROM spent_credentials s
                WHERE NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = s.client_id)""")).isEqualTo("0");
        assertThat(sql.run("""
                SELECT count(*) FROM bandwidth b
                WHERE b.available_bytes <> (SELECT coalesce(sum(s.credited_bytes), 0) FROM spent_credentials s WHERE s.client_id = b.client_id)"""))
                .isEqualTo("0");
        assertThat(sql.run("""
                SELECT count(*) FROM peers p
                WHERE NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = p.client_id)
                   OR NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = p.client_id)""")).as("no peer without its spend and balance")
                .isEqualTo("0");
    }

    /** The last messages of each node's log (stack frames left out), for a failure's message. */
    String logTails(List<Node> nodes) {
        StringBuilder tails = new StringBuilder();
        for (Node node : nodes) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(node.name() + ".log")).stream()
                        .filter(line -> !line.isEmpty() && !Character.isWhitespace(line.charAt(0))).toList();
                tails.append("--- ").append(node.name()).append(".log\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(line -> tails.append(line).append('\n'));
            } catch (IOException e) {
                tails.append("--- ").append(node.name()).append(".log unreadable: ").append(e).append('\n');
            }
        }
        return tails.toString();
    }

    /** The node's log so far. */
    String log(Node node) throws IOException {
        return Files.readString(dir.resolve(node.name() + ".log"));
    }

    static void cli(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }
}
