package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.testkit.storage.PostgresPair;
import io.lpreg.testkit.plugin.MapPluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.lpreg.testkit.storage.Registrations.mixnetId;
import static io.lpreg.testkit.storage.Registrations.nullifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The storage on a real primary and synchronous standby ({@link PostgresPair}) through a failover: the primary
 * SIGKILLed under load, the standby promoted. Acknowledged work survives, the work cut off fails as a
 * {@link StorageException}, the storage finds the new primary by itself within a second of the promotion, and
 * its health details follow the switch (the new primary runs without a standby).
 */
class PostgresFailoverTest {
    @RegisterExtension
    static final PostgresPair pair = new PostgresPair();

    private static final int WRITERS = 3;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledPrimaryIsReplacedByThePromotedStandbyWithinASecondAndNoAcknowledgedSpendIsLost() throws Exception {
        String url = pair.createDatabase();
        int oldPrimary = pair.primaryPort();
        int standby = pair.standbyPort();
        PostgresStorage storage = new PostgresStorage(node(url).with("require_synchronous_standby", "true"), Clock.systemUTC());
        storage.start();
        assertThat(storage.healthDetails()).isEqualTo(Map.of(
                "server", "127.0.0.1:" + oldPrimary, "synchronous_commit", "on", "synchronous_standby", "true", "standbys", "1"));

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<StorageException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Instant> commits = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong next = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        Instant promoted;
        try {
            for (int t = 0; t < WRITERS; t++) {
                writers.add(threads.submit(() -> {
                    while (running.get()) {
                        long n = next.getAndIncrement();
                        try {
                            buyMixnetBandwidth(storage, n);
                            acknowledged.add(HexFormat.of().formatHex(nullifier(n)));
                            commits.add(Instant.now());
                        } catch (StorageException e) {
                            failures.add(e);
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 30);
            pair.killPrimary();
            pair.promoteStandby();
            promoted = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> List.copyOf(commits).stream().filter(promoted::isBefore).count() >= 30);
        } finally {
            running.set(false);
            threads.shutdown();
        }
        for (Future<?> writer : writers) {
            writer.get(); // anything but a StorageException fails the test here
        }
        Instant firstAfter = commits.stream().filter(promoted::isBefore).min(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(promoted, firstAfter)).as("from pg_ctl promote returning to the first commit")
                .isLessThan(Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(storage.isReachable()).isTrue());
        assertThat(storage.healthDetails()).as("the new primary runs alone").containsAllEntriesOf(Map.of(
                "server", "127.0.0.1:" + standby, "synchronous_standby", "false", "standbys", "0"));
        storage.stop();

        String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        List<String> committed = pair.psql(database, "SELECT encode(nullifier, 'hex') FROM spent_credentials").lines().toList();
        assertThat(committed).as("every acknowledged spend is on the new primary").containsAll(acknowledged);
        assertThat(committed.size() - acknowledged.size()).as("committed without an answer: at most those in flight")
                .isBetween(0, WRITERS);
        assertThat(pair.psql(database, """
                SELECT count(*) FROM clients c
                WHERE NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = c.id)
                   OR NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = c.id)"""))
                .as("nothing half-written").isEqualTo("0");
    }

    @Test
    void requireSynchronousStandbyRefusesToStartOnAPrimaryWithoutOne() throws Exception {
        String url = pair.createDatabase();
        pair.setOnPrimary("synchronous_standby_names", "");
        try {
            PostgresStorage storage = new PostgresStorage(node(url).with("require_synchronous_standby", "true"), Clock.systemUTC());
            org.assertj.core.api.Assertions.assertThatThrownBy(storage::start).isInstanceOf(StorageException.class)
                    .hasMessageContaining("require_synchronous_standby is set, but commits on 127.0.0.1:")
                    .hasMessageContaining("do not wait for a synchronous standby")
                    .hasMessageContaining("synchronous_standby_names=''");
            PostgresStorage relaxed = new PostgresStorage(node(url), Clock.systemUTC());
            relaxed.start();
            assertThat(relaxed.healthDetails()).containsEntry("synchronous_standby", "false");
            relaxed.stop();
        } finally {
            pair.setOnPrimary("synchronous_standby_names", "*");
        }
    }

    private static MapPluginConfig node(String url) {
        return MapPluginConfig.in(Path.of("/nonexistent/lpreg-data"))
                .with("url", url)
                .with("user", pair.user())
                .with("password_file", pair.passwordFile().toString())
                .with("node", "gw-1")
                .with("ipv4_prefix", "10.9.0.0/29")
                .with("ipv6_prefix", "fd00::/125");
    }

    private static void buyMixnetBandwidth(PostgresStorage storage, long n) throws StorageException {
        Instant now = Instant.now();
        storage.inTransaction(tx -> {
            ClientId client = tx.mixnetClient(mixnetId(n), ClientKind.ENTRY_MIXNET);
            tx.recordSpend(new SpentCredential("test", nullifier(n), client, mixnetId(n), 1_000, now, now.plus(Duration.ofDays(1))));
            tx.creditBandwidth(client, 1_000, now.plus(Duration.ofDays(1)));
            return null;
        });
    }
}
