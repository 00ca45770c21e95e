package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.testkit.storage.ThrowawayPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.lpreg.testkit.storage.Registrations.mixnetId;
import static io.lpreg.testkit.storage.Registrations.nullifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL restarted under load: transactions in flight and new ones fail with a {@link StorageException}
 * (the engine's {@code storage} reason), the health check says so, nothing is half-written, and the storage
 * serves again by itself once the database is back.
 */
class PostgresOutageTest {
    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final int WRITERS = 4;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRestartUnderLoadFailsInFlightWorkCleanlyAndTheStorageRecoversByItself() throws Exception {
        String url = postgres.createDatabase();
        PostgresStorage storage = new PostgresStorage(PostgresFixture.node(postgres, url, "gw-1")
                .with("connection_timeout", "1s"), Clock.systemUTC());
        storage.start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger storageFailures = new AtomicInteger();
        AtomicLong next = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int t = 0; t < WRITERS; t++) {
                writers.add(threads.submit(() -> {
                    while (running.get()) {
                        long n = next.getAndIncrement();
                        try {
                            buyMixnetBandwidth(storage, n);
                            acknowledged.add(HexFormat.of().formatHex(nullifier(n)));
                        } catch (StorageException e) {
                            storageFailures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 50);

            postgres.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !storage.isReachable());
            int failuresWhileDown = storageFailures.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> storageFailures.get() > failuresWhileDown + WRITERS);

            postgres.start();
            await().atMost(Duration.ofSeconds(30)).until(storage::isReachable);
            int afterRestart = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= afterRestart + 50);
        } finally {
            running.set(false);
            threads.shutdown();
        }
        for (Future<?> writer : writers) {
            writer.get(); // anything but a StorageException fails the test here
        }
        storage.stop();

        String database = url.substring(url.lastIndexOf('/') + 1);
        List<String> committed = List.of(postgres.psql(database, "SELECT encode(nullifier, 'hex') FROM spent_credentials").split("\n"));
        assertThat(committed).as("every acknowledged spend is committed").containsAll(acknowledged);
        assertThat(committed.size() - acknowledged.size())
                .as("committed but unacknowledged: only commits whose answer the outage cut off")
                .isBetween(0, WRITERS);
        assertThat(postgres.psql(database, """
                SELECT count(*) FROM clients c
                WHERE NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = c.id)
                   OR NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = c.id)"""))
                .as("no client without both its spend and its credit").isEqualTo("0");
        assertThat(postgres.psql(database, """
                SELECT count(*) FROM spent_credentials s JOIN bandwidth b USING (client_id)
                WHERE b.available_bytes <> s.credited_bytes"""))
                .as("every balance is exactly what its spend bought").isEqualTo("0");
    }

    /** A mixnet registration's storage work: a new client, its spend and its credit, in one transaction. */
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
