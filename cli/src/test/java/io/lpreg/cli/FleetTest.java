package io.lpreg.cli;

import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.WalletCredentialSource;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.cli.Fleet.Node;
import io.lpreg.testkit.storage.ThrowawayPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import static org.awaitility.Awaitility.await;

/**
 * Three {@code lpreg gateway} processes on one PostgreSQL (storage-postgres) with real {@code bls-ticket-v1}
 * tickets: a ticket spends once across the fleet, also when it is spent at all three at the same moment, and a
 * node killed with SIGKILL under load leaves a ledger that adds up.
 */
class FleetTest {
    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    @TempDir
    static Path dir;

    private static Fleet fleet;
    private static String url;
    private static final List<Node> nodes = new ArrayList<>();
    private static final SecureRandom random = new SecureRandom();

    @BeforeAll
    static void startFleet() throws Exception {
        Fleet.assumeWireGuard();
        fleet = new Fleet(dir);
        url = postgres.createDatabase();
        for (int i = 1; i <= 3; i++) {
            nodes.add(start("gw-" + i));
        }
    }

    @AfterAll
    static void stopFleet() throws Exception {
        Fleet.stop(nodes);
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
        Fleet.killWithChildren(victim.process()); // SIGKILL, wireguard-go included
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
        return Fleet.interfacePeers(node);
    }

    private static java.util.Set<String> storedPeers(Node node) throws Exception {
        return Fleet.storedPeers(node, FleetTest::sql);
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

    private static String logTails() {
        return fleet.logTails(nodes);
    }

    private static HttpResponse<String> health(Node node) throws IOException, InterruptedException {
        return Fleet.health(node);
    }

    private static void assertLedgerAddsUp() throws Exception {
        Fleet.assertLedgerAddsUp(FleetTest::sql);
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
        return fleet.start(name, url, postgres.user(), postgres.passwordFile(), "", "");
    }

    private static Path wallet(String name, int tickets) {
        return wallet(name, tickets, "mixnet-entry");
    }

    private static Path wallet(String name, int tickets, String ticketType) {
        return fleet.wallet(name, tickets, ticketType);
    }

    private static Path copy(Path wallet, String name) throws IOException {
        return fleet.copy(wallet, name);
    }

    private static String sql(String query) throws IOException, InterruptedException {
        return postgres.psql(url.substring(url.lastIndexOf('/') + 1), query);
    }
}
