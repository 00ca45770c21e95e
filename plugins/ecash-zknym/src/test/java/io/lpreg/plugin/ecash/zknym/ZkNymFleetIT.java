package io.lpreg.plugin.ecash.zknym;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.testkit.storage.ThrowawayPostgres;
import io.lpreg.zknym.ZkNymSpend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real gateways on 127.0.0.1, each with its own identity key, sharing one throwaway PostgreSQL database
 * through the real storage-postgres plugin zip, with this module's own plugin zip loaded from each plugins
 * folder. zk-nyms made by the zknym library's issuer and wallet, over LP wire v1: a ticket's serial number
 * spends once in the whole fleet, whatever pay_info it comes with, at whichever gateway, also when both are
 * asked at the same moment; the same request sent again is a retry, not a second spend.
 */
class ZkNymFleetIT {
    private static final Path PLUGIN_ZIP = Path.of(System.getProperty("lpreg.ecash-zknym.zip",
            "target/lpreg-plugin-ecash-zknym-0.1.0-SNAPSHOT-plugin.zip"));
    private static final long EPOCH = 5;
    private static final TicketType TYPE = TicketType.WIREGUARD_ENTRY;
    private static final String ALREADY_SPENT = "Credential verification failed: credential already spent";

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    @TempDir
    static Path dir;

    private static TestZkNyms issuer;
    private static String database;
    private static TestGateway a;
    private static TestGateway b;
    /** Each test spends tickets of its own: the ticketbook's 50 are handed out in order. */
    private static final AtomicInteger nextTicket = new AtomicInteger();
    private static final AtomicInteger SOURCES = new AtomicInteger();

    @BeforeAll
    static void startFleet() throws Exception {
        issuer = TestZkNyms.issue(EPOCH, LocalDate.now(ZoneOffset.UTC), TYPE);
        Path keys = TestZkNyms.keysFile(dir, Map.of(EPOCH, issuer.key()));
        String url = postgres.createDatabase();
        database = url.substring(url.lastIndexOf('/') + 1);
        // one after the other: the first creates the schema
        a = start("gw-a", url, keys);
        b = start("gw-b", url, keys);
        assertThat(a.gateway().identityKey()).as("each gateway has its own identity key")
                .isNotEqualTo(b.gateway().identityKey());
    }

    @AfterAll
    static void stopFleet() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static TestGateway start(String node, String url, Path keys) throws Exception {
        Path home = dir.resolve(node);
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.copy(PLUGIN_ZIP, plugins.resolve(PLUGIN_ZIP.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return TestGateway.start(home, config -> config.withVerifiers("zknym").withStorage("postgres")
                        .withPluginSection("ecash-zknym", Map.of("verification_keys", keys.toString()))
                        .withPluginSection("storage-postgres", Map.of("url", url, "user", postgres.user(),
                                "password_file", postgres.passwordFile().toString(), "node", node)),
                builder -> { });
    }

    @Test
    void bothGatewaysRunThePluginsFromTheirZipsOnTheSharedDatabase() throws Exception {
        assertThat(getClass().getClassLoader().getResource("io/lpreg/plugin/ecash/zknym/ZkNymVerifier.class")).isNull();
        assertThat(getClass().getClassLoader().getResource("io/lpreg/plugin/storage/postgres/PostgresStorage.class")).isNull();
        for (TestGateway gateway : List.of(a, b)) {
            assertThat(gateway.http("/health").body()).contains("ecash-zknym").contains("postgres");
        }
        assertThat(sql("SELECT string_agg(node, ',' ORDER BY node) FROM ip_pools")).isEqualTo("gw-a,gw-b");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theSameRequestSentAgainIsARetryAnsweredAsBeforeAndAnotherRequestWithTheTicketIsADoubleSpend() throws Exception {
        int ticket = nextTicket.getAndIncrement();
        ZkNymSpend spend = spendAt(a, ticket);
        byte[] wgKey = LpTestClient.randomKey();
        double doubleSpends = a.metric("lp_registration_failed_total", "reason", "double_spend");

        LpRegistrationResponse first = register(a, spend, wgKey);
        LpRegistrationResponse retry = register(a, spend, wgKey);

        assertThat(first.success()).as("%s", first.error()).isTrue();
        assertThat(first.allocatedBandwidth()).isEqualTo(TYPE.bandwidthBytes());
        assertThat(retry.success()).as("%s", retry.error()).isTrue();
        assertThat(retry.gatewayData()).isEqualTo(first.gatewayData());
        assertThat(retry.allocatedBandwidth()).isEqualTo(first.allocatedBandwidth());
        assertThat(spendsOf(spend)).as("the retry spent nothing").isEqualTo(1);
        assertThat(sql("SELECT b.available_bytes FROM bandwidth b JOIN spent_credentials s USING (client_id) WHERE s.nullifier = "
                + bytea(spend.serialNumber()))).as("credited once").isEqualTo(Long.toString(TYPE.bandwidthBytes()));
        assertThat(a.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(doubleSpends);

        LpRegistrationResponse otherKey = register(a, spend, LpTestClient.randomKey());

        assertThat(otherKey.success()).isFalse();
        assertThat(otherKey.error()).hasValue(ALREADY_SPENT);
        assertThat(a.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(doubleSpends + 1);
        assertThat(spendsOf(spend)).isEqualTo(1);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theTicketWithAFreshPayInfoAtTheSameGatewayIsRefusedAsAlreadySpent() throws Exception {
        int ticket = nextTicket.getAndIncrement();
        ZkNymSpend spend = spendAt(a, ticket);
        ZkNymSpend again = spendAt(a, ticket);
        assertThat(again.payInfo()).isNotEqualTo(spend.payInfo());
        assertThat(again.serialNumber()).isEqualTo(spend.serialNumber());
        assertThat(register(a, spend, LpTestClient.randomKey()).success()).isTrue();
        double verified = a.metric("lp_credential_verification_success_total");
        double doubleSpends = a.metric("lp_registration_failed_total", "reason", "double_spend");

        LpRegistrationResponse refused = register(a, again, LpTestClient.randomKey());

        assertThat(refused.success()).isFalse();
        assertThat(refused.error()).hasValue(ALREADY_SPENT);
        assertThat(a.metric("lp_credential_verification_success_total")).as("the verifier accepts it; the ledger refuses it")
                .isEqualTo(verified + 1);
        assertThat(a.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(doubleSpends + 1);
        assertThat(spendsOf(spend)).isEqualTo(1);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theTicketSpentAtOneGatewayIsRefusedByTheOtherThroughTheSharedLedger() throws Exception {
        int ticket = nextTicket.getAndIncrement();
        ZkNymSpend atA = spendAt(a, ticket);
        ZkNymSpend atB = spendAt(b, ticket);
        assertThat(atB.payInfo().providerKey()).isEqualTo(b.gateway().identityKey());
        assertThat(atB.serialNumber()).isEqualTo(atA.serialNumber());
        LpRegistrationResponse first = register(a, atA, LpTestClient.randomKey());
        assertThat(first.success()).as("%s", first.error()).isTrue();
        double verified = b.metric("lp_credential_verification_success_total");
        double doubleSpends = b.metric("lp_registration_failed_total", "reason", "double_spend");

        LpRegistrationResponse refused = register(b, atB, LpTestClient.randomKey());

        assertThat(refused.success()).isFalse();
        assertThat(refused.error()).hasValue(ALREADY_SPENT);
        assertThat(b.metric("lp_credential_verification_success_total")).as("B's verifier accepts it; the shared ledger refuses it")
                .isEqualTo(verified + 1);
        assertThat(b.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(doubleSpends + 1);
        assertThat(sql("SELECT count(*) || ':' || min(node) FROM spent_credentials WHERE nullifier = " + bytea(atA.serialNumber())))
                .as("one spend of the serial, at gw-a").isEqualTo("1:gw-a");
    }

    @Test
    @Timeout(value = 45, unit = TimeUnit.SECONDS)
    void ticketsSpentAtBothGatewaysAtTheSameMomentAreEachAcceptedExactlyOnce() throws Exception {
        int n = 10;
        List<Integer> tickets = new ArrayList<>();
        List<ZkNymSpend> spends = new ArrayList<>();
        List<TestGateway> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int ticket = nextTicket.getAndIncrement();
            for (TestGateway gateway : List.of(a, b)) {
                tickets.add(ticket);
                spends.add(spendAt(gateway, ticket));
                targets.add(gateway);
            }
        }
        double doubleSpends = a.metric("lp_registration_failed_total", "reason", "double_spend")
                + b.metric("lp_registration_failed_total", "reason", "double_spend");
        CountDownLatch handshaken = new CountDownLatch(spends.size());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(spends.size());
        List<Future<LpRegistrationResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < spends.size(); i++) {
                TestGateway gateway = targets.get(i);
                ZkNymSpend spend = spends.get(i);
                answers.add(threads.submit(() -> {
                    try (LpTestClient client = gateway.client(WireVersion.V1, nextSource())) {
                        client.handshake();
                        handshaken.countDown();
                        go.await();
                        return client.register(request(spend, LpTestClient.randomKey()));
                    }
                }));
            }
            assertThat(handshaken.await(20, TimeUnit.SECONDS)).as("every client completed its handshake").isTrue();
            go.countDown();
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                LpRegistrationResponse answer = answers.get(i).get(20, TimeUnit.SECONDS);
                if (answer.success()) {
                    accepted.add(HexFormat.of().formatHex(spends.get(i).serialNumber()));
                } else {
                    assertThat(answer.error()).as("ticket %d at %s", tickets.get(i), targets.get(i) == a ? "gw-a" : "gw-b")
                            .hasValue(ALREADY_SPENT);
                }
            }

            assertThat(accepted).as("one acceptance per ticket, in the whole fleet").hasSize(n).doesNotHaveDuplicates();
            assertThat(a.metric("lp_registration_failed_total", "reason", "double_spend")
                    + b.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(doubleSpends + n);
            String serials = spends.stream().map(spend -> bytea(spend.serialNumber())).distinct()
                    .collect(Collectors.joining(", ", "(", ")"));
            assertThat(sql("SELECT count(*) || ':' || count(DISTINCT nullifier) FROM spent_credentials WHERE nullifier IN " + serials))
                    .as("the ledger holds each serial once").isEqualTo(n + ":" + n);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Each client from a loopback address of its own, as separate clients: a double spend costs its source a penalty. */
    private static InetAddress nextSource() throws Exception {
        int n = SOURCES.incrementAndGet();
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (3 + n / 250), (byte) (1 + n % 250)});
    }

    /** A spend of {@code ticket} whose pay_info names {@code gateway}, with fresh randomness, now. */
    private static ZkNymSpend spendAt(TestGateway gateway, int ticket) {
        Instant now = Instant.now();
        return issuer.spend(TYPE, TestZkNyms.payInfo(gateway.gateway().identityKey(), now), LocalDate.ofInstant(now, ZoneOffset.UTC), ticket);
    }

    private static LpRegistrationResponse register(TestGateway gateway, ZkNymSpend spend, byte[] wgKey) throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V1, nextSource())) {
            client.handshake();
            return client.register(request(spend, wgKey));
        }
    }

    /** A v1 dVPN request carrying the zk-nym as Nym's clients do: the bincode struct decoded from to_bytes. */
    private static LpRegistrationRequest request(ZkNymSpend spend, byte[] wgKey) throws Exception {
        RequestCredential credential = new RequestCredential.ZkNym(CredentialCodec.fromBytes(spend.toBytes()));
        return new LpRegistrationRequest(wgKey, credential, TYPE, new RegistrationMode.Dvpn(), InetAddress.getLoopbackAddress(),
                Instant.now().getEpochSecond(), Optional.empty());
    }

    private static long spendsOf(ZkNymSpend spend) throws Exception {
        return Long.parseLong(sql("SELECT count(*) FROM spent_credentials WHERE nullifier = " + bytea(spend.serialNumber())));
    }

    private static String bytea(byte[] bytes) {
        return "decode('" + HexFormat.of().formatHex(bytes) + "', 'hex')";
    }

    private static String sql(String query) throws IOException, InterruptedException {
        return postgres.psql(database, query);
    }
}
