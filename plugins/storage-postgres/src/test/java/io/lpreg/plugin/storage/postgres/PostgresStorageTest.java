package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.testkit.storage.MutableClock;
import io.lpreg.testkit.storage.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.lpreg.testkit.storage.Registrations.TICKET_BYTES;
import static io.lpreg.testkit.storage.Registrations.key;
import static io.lpreg.testkit.storage.Registrations.mixnetId;
import static io.lpreg.testkit.storage.Registrations.nullifier;
import static io.lpreg.testkit.storage.Registrations.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What storage-postgres promises beyond the SPI contract: the fleet, the schema, the connection settings. */
class PostgresStorageTest {
    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private final MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
    private final List<GatewayStorage> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(GatewayStorage::stop);
    }

    private PostgresStorage start(MapPluginConfig config) throws StorageException {
        PostgresStorage storage = new PostgresStorage(config, clock);
        storage.start();
        started.add(storage);
        return storage;
    }

    private Instant now() {
        return clock.instant();
    }

    // --- the fleet --------------------------------------------------------------------------------------------

    @Test
    void aNullifierSpentAtOneNodeIsRefusedAtEveryOther() throws Exception {
        String url = postgres.createDatabase();
        PostgresStorage eu = start(PostgresFixture.node(postgres, url, "gw-eu-1"));
        PostgresStorage us = start(PostgresFixture.node(postgres, url, "gw-us-1"));

        register(eu, key(1), nullifier(1), now());

        assertThatThrownBy(() -> register(us, key(2), nullifier(1), now()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("credential already spent");
        assertThat(us.peers()).isEmpty();
        assertThat(postgres.psql(database(url), "SELECT node FROM spent_credentials")).isEqualTo("gw-eu-1");
    }

    @Test
    void eachNodeKeepsItsOwnPoolAndPeersAndTheSameKeyRegistersAtEachSeparately() throws Exception {
        String url = postgres.createDatabase();
        PostgresStorage eu = start(PostgresFixture.node(postgres, url, "gw-eu-1"));
        PostgresStorage us = start(PostgresFixture.node(postgres, url, "gw-us-1"));

        IpPair atEu = register(eu, key(1), nullifier(1), now());
        register(eu, key(2), nullifier(2), now());
        IpPair atUs = register(us, key(1), nullifier(3), now());

        assertThat(atUs).as("each node hands out its own pool from its first pair").isEqualTo(atEu);
        assertThat(eu.peers()).extracting(StoredPeer::publicKey).containsExactly(key(1), key(2));
        assertThat(us.peers()).extracting(StoredPeer::publicKey).containsExactly(key(1));
        ClientId euClient = eu.peers().get(0).client();
        ClientId usClient = us.peers().get(0).client();
        assertThat(usClient).as("a dVPN client and its balance belong to the node").isNotEqualTo(euClient);
        assertThat(balance(us, usClient).availableBytes()).isEqualTo(TICKET_BYTES);
        assertThat(postgres.psql(database(url), "SELECT node, count(*) FROM peers GROUP BY node ORDER BY node"))
                .isEqualTo("gw-eu-1|2\ngw-us-1|1");
    }

    @Test
    void aMixnetClientHasOneBalanceAcrossTheFleet() throws Exception {
        String url = postgres.createDatabase();
        PostgresStorage eu = start(PostgresFixture.node(postgres, url, "gw-eu-1"));
        PostgresStorage us = start(PostgresFixture.node(postgres, url, "gw-us-1"));
        Instant expiry = now().plus(Duration.ofDays(7));

        ClientId atEu = eu.inTransaction(tx -> {
            ClientId client = tx.mixnetClient(mixnetId(1), ClientKind.ENTRY_MIXNET);
            tx.recordSpend(new SpentCredential("test", nullifier(1), client, mixnetId(1), 100, now(), expiry));
            tx.creditBandwidth(client, 100, expiry);
            return client;
        });
        Bandwidth atUs = us.inTransaction(tx -> {
            ClientId client = tx.mixnetClient(mixnetId(1), ClientKind.ENTRY_MIXNET);
            assertThat(client).isEqualTo(atEu);
            tx.recordSpend(new SpentCredential("test", nullifier(2), client, mixnetId(1), 50, now(), expiry));
            return tx.creditBandwidth(client, 50, expiry);
        });

        assertThat(atUs).isEqualTo(new Bandwidth(150, expiry));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void threeNodesSpendingOneNullifierAtOnceAcceptItExactlyOnce() throws Exception {
        String url = postgres.createDatabase();
        List<PostgresStorage> nodes = List.of(start(PostgresFixture.node(postgres, url, "gw-1")),
                start(PostgresFixture.node(postgres, url, "gw-2")), start(PostgresFixture.node(postgres, url, "gw-3")));
        for (int round = 0; round < 20; round++) {
            long n = round;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
            List<Future<Boolean>> results = new ArrayList<>();
            for (PostgresStorage node : nodes) {
                results.add(threads.submit(() -> {
                    go.await();
                    try {
                        register(node, key(n), nullifier(n), now());
                        return true;
                    } catch (StorageException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int accepted = 0;
            for (Future<Boolean> result : results) {
                accepted += result.get() ? 1 : 0;
            }
            threads.shutdown();
            assertThat(accepted).as("round %d", round).isEqualTo(1);
            // keep the five-pair pools from filling up
            for (PostgresStorage node : nodes) {
                node.inTransaction(tx -> tx.removePeer(key(n), now()));
            }
            clock.advance(Duration.ofHours(1));
        }
        assertThat(postgres.psql(database(url), "SELECT count(*) FROM spent_credentials")).isEqualTo("20");
    }

    // --- isolation ----------------------------------------------------------------------------------------------

    @Test
    void transactionsRunAtReadCommittedAndSeeWhatOthersCommittedMeanwhile() throws Exception {
        String url = postgres.createDatabase();
        PostgresStorage eu = start(PostgresFixture.node(postgres, url, "gw-eu-1"));
        PostgresStorage us = start(PostgresFixture.node(postgres, url, "gw-us-1"));

        List<Boolean> seen = eu.inTransaction(tx -> {
            boolean before = tx.spentCredential(nullifier(1)).isPresent();
            register(us, key(1), nullifier(1), now());
            boolean after = tx.spentCredential(nullifier(1)).isPresent();
            return List.of(before, after);
        });

        // at REPEATABLE READ or SERIALIZABLE the second read would still miss the other node's commit
        assertThat(seen).containsExactly(false, true);
        assertThat(postgres.psql(database(url), "SHOW default_transaction_isolation")).isEqualTo("read committed");
    }

    // --- the schema ---------------------------------------------------------------------------------------------

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void nodesStartingTogetherMigrateTheDatabaseOnce() throws Exception {
        String url = postgres.createDatabase();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PostgresStorage>> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            MapPluginConfig config = PostgresFixture.node(postgres, url, "gw-" + i);
            nodes.add(threads.submit(() -> {
                go.await();
                return start(config);
            }));
        }
        go.countDown();
        for (Future<PostgresStorage> node : nodes) {
            assertThat(node.get().isReachable()).isTrue();
        }
        threads.shutdown();

        assertThat(postgres.psql(database(url), "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version"))
                .isEqualTo(latestVersions());
        assertThat(postgres.psql(database(url), "SELECT count(*) FROM ip_pools")).isEqualTo("3");
    }

    @Test
    void aDatabaseWithANewerSchemaIsRefused() throws Exception {
        String url = postgres.createDatabase();
        start(PostgresFixture.node(postgres, url, "gw-1")).stop();
        started.clear();
        int newer = Schema.MIGRATIONS.size() + 1;
        postgres.psql(database(url), "INSERT INTO schema_version VALUES (" + newer + ", 'from the future', 0)");

        assertThatThrownBy(() -> start(PostgresFixture.node(postgres, url, "gw-1")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("has schema version " + newer + ", newer than the newest this plugin knows ("
                        + Schema.MIGRATIONS.size() + ")")
                .hasMessageContaining("Refusing to start");
    }

    @Test
    void aSpendWithoutItsBandwidthCreditIsRefusedAtCommit() throws Exception {
        PostgresStorage storage = start(PostgresFixture.freshNode(postgres, "gw-1"));

        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            ClientId client = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.recordSpend(new SpentCredential("test", nullifier(1), client, new byte[1], 5, now(), now().plusSeconds(60)));
            return null;
        })).isInstanceOf(StorageException.class).hasMessageContaining("no bandwidth row");

        Optional<SpentCredential> spent = storage.inTransaction(tx -> tx.spentCredential(nullifier(1)));
        assertThat(spent).isEmpty();
    }

    @Test
    void thePrefixesOfAPoolInUseCannotChange() throws Exception {
        String url = postgres.createDatabase();
        register(start(PostgresFixture.node(postgres, url, "gw-1")), key(1), nullifier(1), now());

        assertThatThrownBy(() -> start(PostgresFixture.node(postgres, url, "gw-1").with("ipv4_prefix", "10.10.0.0/29")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("node gw-1's IP pool is 10.9.0.0/29 + fd00::/125 but the configuration says 10.10.0.0/29 + fd00::/125");
        assertThatThrownBy(() -> start(PostgresFixture.node(postgres, url, "gw-2").with("ipv4_prefix", "10.10.0.1/29")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("ipv4_prefix is not a network prefix");
    }

    @Test
    void randomAllocationFillsTheWholePoolWithDistinctPairs() throws Exception {
        PostgresStorage storage = start(PostgresFixture.freshNode(postgres, "gw-1").with("allocation", "random"));
        java.util.Set<IpPair> pairs = new java.util.HashSet<>();
        for (int i = 0; i < PostgresFixture.POOL_SIZE; i++) {
            pairs.add(register(storage, key(i), nullifier(i), now()));
        }

        assertThat(pairs).hasSize(PostgresFixture.POOL_SIZE);
        assertThatThrownBy(() -> register(storage, key(99), nullifier(99), now()))
                .isInstanceOf(io.lpreg.spi.PoolExhaustedException.class)
                .hasMessageContaining("IP pool of node gw-1 exhausted: all 5 address pairs of 10.9.0.0/29 + fd00::/125 are taken (5 allocated, 0 quarantined)");
    }

    // --- the connection -----------------------------------------------------------------------------------------

    @Test
    void driverParametersInTheUrlReachTheDriver() throws Exception {
        String url = postgres.createDatabase();

        // the throwaway cluster has no TLS: sslmode=require must make the driver refuse it
        assertThatThrownBy(() -> start(PostgresFixture.node(postgres, url + "?sslmode=require", "gw-1")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("SSL");
        PostgresStorage plain = start(PostgresFixture.node(postgres, url + "?sslmode=disable&ApplicationName=ignored", "gw-1"));
        assertThat(plain.isReachable()).isTrue();
    }

    @Test
    void aWrongPasswordFailsTheStartWithTheServersReasonAndNotThePassword(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path wrong = dir.resolve("password");
        Files.writeString(wrong, "not-the-password\n");

        assertThatThrownBy(() -> start(PostgresFixture.freshNode(postgres, "gw-1").with("password_file", wrong.toString())))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("password authentication failed for user \"postgres\"")
                .hasMessageNotContaining("not-the-password");
    }

    private static Bandwidth balance(PostgresStorage storage, ClientId client) throws StorageException {
        return storage.inTransaction(tx -> tx.bandwidth(client)).orElseThrow();
    }

    /** "1,2,...": every schema version this plugin knows. */
    private static String latestVersions() {
        return Schema.MIGRATIONS.stream().map(migration -> String.valueOf(migration.version()))
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static String database(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
