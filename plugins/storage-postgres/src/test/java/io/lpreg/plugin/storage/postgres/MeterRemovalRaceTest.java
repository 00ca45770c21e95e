package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import io.lpreg.testkit.storage.MutableClock;
import io.lpreg.testkit.storage.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.lpreg.testkit.storage.Registrations.TICKET_BYTES;
import static io.lpreg.testkit.storage.Registrations.TICKET_LIFETIME;
import static io.lpreg.testkit.storage.Registrations.key;
import static io.lpreg.testkit.storage.Registrations.nullifier;
import static io.lpreg.testkit.storage.Registrations.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22 §B2: the bandwidth meter and a top-up of the same idle peer in two real transactions at once. The
 * meter's storage calls are the engine's (BandwidthMeter): read the balance, remove the peer if it is not
 * usable. The top-up has credited and re-stored the peer and not committed yet when the meter reads; the
 * meter must decide on the balance the top-up commits, not on the one before it.
 */
class MeterRemovalRaceTest {
    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private final MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
    // a thread each: the top-up's waits for the test while the meter's runs
    private final ExecutorService transactions = Executors.newFixedThreadPool(2);
    private PostgresStorage storage;

    @AfterEach
    void stop() {
        transactions.shutdownNow();
        if (storage != null) {
            storage.stop();
        }
    }

    @Test
    @Timeout(60)
    void anIdlePeerToppedUpWhileTheMeterDecidesOnItIsNotRemoved() throws Exception {
        String url = postgres.createDatabase();
        storage = new PostgresStorage(PostgresFixture.node(postgres, url, "gw-1"), clock);
        storage.start();
        WireGuardKey key = key(1);
        Instant now = clock.instant();
        register(storage, key, nullifier(1), now);
        StoredPeer spent = storage.peers().getFirst();
        storage.inTransaction(tx -> tx.debitBandwidth(spent.client(), TICKET_BYTES));

        CountDownLatch toppedUp = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> topUp = CompletableFuture.runAsync(() -> run(() -> storage.inTransaction(tx -> {
            Optional<StoredPeer> existing = tx.peer(key);
            ClientId client = tx.peerClient(key, ClientKind.ENTRY_WIREGUARD);
            tx.recordSpend(new SpentCredential("test", nullifier(2), client, key.bytes(), TICKET_BYTES, now,
                    now.plus(TICKET_LIFETIME)));
            tx.creditBandwidth(client, TICKET_BYTES, now.plus(TICKET_LIFETIME));
            tx.upsertPeer(key, client, existing.orElseThrow().ips(), Optional.empty(), now);
            toppedUp.countDown();
            reach(commit);
            return null;
        })), transactions);
        reach(toppedUp);

        // the meter's tick for this idle peer (no traffic since its last reading)
        CompletableFuture<Boolean> meterRemoved = CompletableFuture.supplyAsync(() -> call(() -> storage.inTransaction(tx -> {
            Bandwidth balance = tx.bandwidth(spent.client()).orElse(new Bandwidth(0, now));
            if (!balance.isUsable(now)) {
                tx.removePeer(key, now);
                return true;
            }
            return false;
        })), transactions);
        await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnALock(url) || meterRemoved.isDone());
        commit.countDown();
        topUp.get(30, TimeUnit.SECONDS);

        assertThat(meterRemoved.get(30, TimeUnit.SECONDS)).as("the meter removed the peer just paid for").isFalse();
        assertThat(storage.peers()).extracting(StoredPeer::publicKey).containsExactly(key);
        Optional<Bandwidth> balance = storage.inTransaction(tx -> tx.bandwidth(spent.client()));
        assertThat(balance).map(Bandwidth::availableBytes).hasValue(TICKET_BYTES);
    }

    private static boolean waitingOnALock(String url) throws Exception {
        String database = url.substring(url.lastIndexOf('/') + 1);
        return Integer.parseInt(postgres.psql(database,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) > 0;
    }

    private static void reach(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the other transaction did not get there within 30 s");
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T call() throws Exception;
    }

    private static void run(Work<?> work) {
        call(work);
    }

    private static <T> T call(Work<T> work) {
        try {
            return work.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
