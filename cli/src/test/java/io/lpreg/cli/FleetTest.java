package io.lpreg.cli;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.WalletCredentialSource;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.testkit.storage.ThrowawayPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Three {@code lpreg gateway} processes on one PostgreSQL (storage-postgres) with real {@code bls-ticket-v1}
 * tickets: a ticket spends once across the fleet, also when it is spent at all three at the same moment, and a
 * node killed with SIGKILL under load leaves a ledger that adds up.
 */
class FleetTest {
    private static final Pattern START_LINE = Pattern.compile(
            "lpreg gateway listening on 127\\.0\\.0\\.1:(\\d+) identity_key=([0-9a-f]{64}) lp_key=[0-9a-f]{64} metrics=http://127\\.0\\.0\\.1:(\\d+)/metrics");

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    @TempDir
    static Path dir;

    private static Path issuer;
    private static String url;
    private static final List<Node> nodes = new ArrayList<>();
    private static final SecureRandom random = new SecureRandom();

    record Node(String name, Path config, Process process, GatewayTarget target, int metricsPort) {
        /** Each node runs a managed wireguard-go interface of its own, named after the node. */
        String interfaceName() {
            return INTERFACE_PREFIX + name.substring(name.lastIndexOf('-') + 1);
        }
    }

    private static final String INTERFACE_PREFIX = "lpflt" + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
    private static final java.util.Map<String, Integer> wireGuardPorts = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void startFleet() throws Exception {
        Optional<String> why = DemoCommand.whyNoWireGuard(Path.of(System.getProperty("lpreg.test.plugins")));
        if (why.isPresent() && System.getenv("LPREG_REQUIRE_WIREGUARD") != null) {
            throw new AssertionError("LPREG_REQUIRE_WIREGUARD is set, but: " + why.get());
        }
        assumeTrue(why.isEmpty(), () -> "skipped: every node runs a WireGuard interface, and " + why.orElse(""));
        issuer = dir.resolve("issuer");
        assertThat(cli("ecash", "keygen", "--signers", "3", "--threshold", "2", "--epoch", "1",
                "--ticket-types", "mixnet-entry,wireguard-entry", "--issuer", issuer.toString())).isZero();
        url = postgres.createDatabase();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start("gw-" + i));
        }
    }

    @AfterAll
    static void stopFleet() throws Exception {
        for (Node node : nodes) {
            node.process().destroy(); // SIGTERM: the node stops its wireguard-go
        }
        for (Node node : nodes) {
            if (!node.process().waitFor(20, TimeUnit.SECONDS)) {
                killWithChildren(node.process());
            }
        }
    }

    /** SIGKILL to the gateway and its children, as systemd's default KillMode=control-group does. */
    private static void killWithChildren(Process process) throws Exception {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        for (ProcessHandle child : children) {
            child.destroyForcibly();
            child.onExit().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneTicketSpentAtThreeNodesAtTheSameMomentIsAcceptedExactlyOnce() throws Exception {
        long doubleSpendsBefore = doubleSpendsCounted();
        Path original = wallet("race", 1);
        List<Path> copies = List.of(copy(original, "race-1"), copy(original, "race-2"), copy(original, "race-3"));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<RegistrationResult>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Node node = nodes.get(i);
            Path wallet = copies.get(i);
            results.add(threads.submit(() -> {
                LpRegistrationClient client = new LpRegistrationClient(WalletCredentialSource.open(wallet));
                go.await();
                return client.register(node.target(), mixnet());
            }));
        }
        go.countDown();
        List<RegistrationResult> answers = new ArrayList<>();
        for (Future<RegistrationResult> result : results) {
            answers.add(result.get());
        }
        threads.shutdown();

        assertThat(answers.stream().filter(RegistrationResult::isRegistered)).as(answers.toString()).hasSize(1);
        assertThat(answers.stream().filter(answer -> !answer.isRegistered()))
                .allSatisfy(answer -> assertThat(answer).isInstanceOfSatisfying(RegistrationResult.Refused.class,
                        refused -> assertThat(refused.reason()).contains("already spent")));
        assertThat(doubleSpendsCounted() - doubleSpendsBefore).as("lp_registration_failed_total{reason=\"double_spend\"} of the fleet").isEqualTo(2);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aTicketSpentAtOneNodeIsRefusedAtTheOthers() throws Exception {
        Path original = wallet("once", 1);
        Path second = copy(original, "once-2");
        Path third = copy(original, "once-3");

        RegistrationResult first = new LpRegistrationClient(WalletCredentialSource.open(original)).register(nodes.get(0).target(), mixnet());
        RegistrationResult atSecond = new LpRegistrationClient(WalletCredentialSource.open(second)).register(nodes.get(1).target(), mixnet());
        RegistrationResult atThird = new LpRegistrationClient(WalletCredentialSource.open(third)).register(nodes.get(2).target(), mixnet());

        assertThat(first.isRegistered()).as(first.toString()).isTrue();
        assertThat(List.of(atSecond, atThird)).allSatisfy(answer -> assertThat(answer)
                .isInstanceOfSatisfying(RegistrationResult.Refused.class, refused -> assertThat(refused.reason()).contains("already spent")));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aNodeKilledUnderLoadLeavesALedgerThatAddsUpAndServesAgainAfterARestart() throws Exception {
        int writers = 6;
        Path tickets = wallet("load", 120, "wireguard-entry");
        Node victim = nodes.get(0);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        LpRegistrationClient client = new LpRegistrationClient(WalletCredentialSource.open(tickets));
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        List<Future<?>> load = new ArrayList<>();
        long spentBefore = Long.parseLong(sql("SELECT count(*) FROM spent_credentials"));
        long peersBefore = Long.parseLong(sql("SELECT count(*) FROM peers WHERE node = '" + victim.name() + "'"));
        for (int t = 0; t < writers; t++) {
            load.add(threads.submit(() -> {
                while (running.get()) {
                    if (client.register(victim.target(), RegistrationOptions.dvpn(WireVersion.V2)).isRegistered()) {
                        acknowledged.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= 20);
        killWithChildren(victim.process()); // SIGKILL, wireguard-go included
        assertThat(victim.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(victim.process().exitValue()).isEqualTo(137);
        running.set(false);
        for (Future<?> writer : load) {
            writer.get();
        }
        threads.shutdown();

        long committed = Long.parseLong(sql("SELECT count(*) FROM spent_credentials")) - spentBefore;
        long peers = Long.parseLong(sql("SELECT count(*) FROM peers WHERE node = '" + victim.name() + "'")) - peersBefore;
        assertThat(committed).as("every acknowledged spend is committed").isGreaterThanOrEqualTo(acknowledged.get());
        assertThat(committed - acknowledged.get()).as("committed without an answer: at most the registrations in flight")
                .isLessThanOrEqualTo(writers);
        assertThat(peers).as("every committed dVPN spend has its peer, and nothing else has one").isEqualTo(committed);
        assertLedgerAddsUp();

        Node restarted = start(victim.name());
        nodes.set(0, restarted);
        assertThat(interfacePeers(restarted)).as("the restarted node reconciled its interface with storage")
                .isEqualTo(storedPeers(restarted));
        RegistrationResult after = new LpRegistrationClient(WalletCredentialSource.open(wallet("after", 1, "wireguard-entry")))
                .register(restarted.target(), RegistrationOptions.dvpn(WireVersion.V2));
        assertThat(after.isRegistered()).as(after.toString()).isTrue();
        assertThat(interfacePeers(restarted)).isEqualTo(storedPeers(restarted));
        assertLedgerAddsUp();
    }

    private static java.util.Set<String> interfacePeers(Node node) throws Exception {
        return HostCommands.check(List.of("wg", "show", node.interfaceName(), "peers")).lines()
                .filter(line -> !line.isBlank()).collect(java.util.stream.Collectors.toSet());
    }

    private static java.util.Set<String> storedPeers(Node node) throws Exception {
        return sql("SELECT encode(public_key, 'base64') FROM peers WHERE node = '" + node.name() + "'").lines()
                .filter(line -> !line.isBlank()).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aDatabaseRestartUnderLoadFailsRegistrationsCleanlyHealthSaysSoAndTheFleetRecoversByItself() throws Exception {
        int writers = 3;
        LpRegistrationClient client = new LpRegistrationClient(WalletCredentialSource.open(wallet("outage", 150)));
        List<RegistrationResult> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            Node node = nodes.get(t);
            load.add(threads.submit(() -> {
                while (running.get()) {
                    answers.add(client.register(node.target(), mixnet()));
                }
                return null;
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> List.copyOf(answers).stream().filter(RegistrationResult::isRegistered).count() >= 10);
            postgres.stop();
            for (Node node : nodes) {
                await().atMost(Duration.ofSeconds(15)).until(() -> health(node).statusCode() == 503);
                assertThat(health(node).body()).contains("\"storage\":{\"name\":\"postgres\",\"reachable\":false}");
            }
            int beforeRecovery = answers.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> answers.size() >= beforeRecovery + writers);
            // Counted from the restart, not from when every node says it is healthy again: nodes that see the
            // database first register at full speed meanwhile, and could spend the wallet before the last one.
            int afterRecovery = answers.size();
            postgres.start();
            for (Node node : nodes) {
                await().atMost(Duration.ofSeconds(30)).until(() -> health(node).statusCode() == 200);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<RegistrationResult> sofar = List.copyOf(answers);
                List<RegistrationResult> since = sofar.subList(afterRecovery, sofar.size());
                assertThat(since.stream().filter(RegistrationResult::isRegistered).count())
                        .as(() -> "registered among the " + since.size() + " answers since the database came back, the last of them: "
                                + since.subList(Math.max(0, since.size() - 5), since.size()) + "\n" + logTails())
                        .isGreaterThanOrEqualTo(3);
            });
        } finally {
            running.set(false);
            threads.shutdown();
        }
        for (Future<?> writer : load) {
            writer.get();
        }

        List<RegistrationResult> unsuccessful = answers.stream().filter(answer -> !answer.isRegistered()).toList();
        assertThat(unsuccessful).as("registrations refused while the database was down").isNotEmpty()
                .allSatisfy(answer -> assertThat(answer).isInstanceOfSatisfying(RegistrationResult.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("Registration failed: storage error")));
        assertLedgerAddsUp();
    }

    /** The last messages of each node's log (stack frames left out), for a failure's message. */
    private static String logTails() {
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

    private static HttpResponse<String> health(Node node) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Credits equal accepted spends: every spend has its balance, and every balance holds exactly what its spends bought. */
    private static void assertLedgerAddsUp() throws Exception {
        assertThat(sql("""
                SELECT count(*) FROM spent_credentials s
                WHERE NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = s.client_id)""")).isEqualTo("0");
        assertThat(sql("""
                SELECT count(*) FROM bandwidth b
                WHERE b.available_bytes <> (SELECT coalesce(sum(s.credited_bytes), 0) FROM spent_credentials s WHERE s.client_id = b.client_id)"""))
                .isEqualTo("0");
        assertThat(sql("""
                SELECT count(*) FROM peers p
                WHERE NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = p.client_id)
                   OR NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = p.client_id)""")).as("no peer without its spend and balance")
                .isEqualTo("0");
    }

    private static RegistrationOptions mixnet() {
        byte[] clientId = new byte[32];
        random.nextBytes(clientId);
        return RegistrationOptions.mixnet(clientId, WireVersion.V2);
    }

    private long doubleSpendsCounted() throws IOException, InterruptedException {
        long total = 0;
        HttpClient http = HttpClient.newHttpClient();
        for (Node node : nodes) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher counted = Pattern.compile("lp_registration_failed_total\\{reason=\"double_spend\"} ([0-9.eE+]+)").matcher(metrics);
            if (counted.find()) {
                total += (long) Double.parseDouble(counted.group(1));
            }
        }
        return total;
    }

    private static Node start(String name) throws Exception {
        Path config = dir.resolve(name + ".toml");
        int number = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
        int udpPort = wireGuardPorts.computeIfAbsent(name, n -> freeUdpPort());
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
                """.formatted(INTERFACE_PREFIX + number, udpPort, udpPort, number, number,
                issuer.resolve("verification-keys.json"), url, postgres.user(), postgres.passwordFile(), name, number, number));
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
            assertThat(process.isAlive()).as("%s exited:\n%s", name, Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("%s did not start:\n%s", name, Files.readString(log)).isLessThan(deadline);
            started = Files.readAllLines(out).stream().map(START_LINE::matcher).filter(Matcher::matches).findFirst();
            if (started.isEmpty()) {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        Matcher line = started.get();
        return new Node(name, config, process, new GatewayTarget(new InetSocketAddress("127.0.0.1", Integer.parseInt(line.group(1))),
                GatewayKey.identity(HexFormat.of().parseHex(line.group(2)))), Integer.parseInt(line.group(3)));
    }

    private static int freeUdpPort() {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0)) {
            return socket.getLocalPort();
        } catch (java.net.SocketException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path wallet(String name, int tickets) {
        return wallet(name, tickets, "mixnet-entry");
    }

    private static Path wallet(String name, int tickets, String ticketType) {
        Path wallet = dir.resolve(name + ".wallet");
        assertThat(cli("ecash", "issue", "--issuer", issuer.toString(), "--ticket-type", ticketType,
                "--count", Integer.toString(tickets), "--wallet", wallet.toString())).isZero();
        return wallet;
    }

    private static Path copy(Path wallet, String name) throws IOException {
        return Files.copy(wallet, dir.resolve(name + ".wallet"));
    }

    private static String sql(String query) throws IOException, InterruptedException {
        return postgres.psql(url.substring(url.lastIndexOf('/') + 1), query);
    }

    private static int cli(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.exitCode();
    }
}
