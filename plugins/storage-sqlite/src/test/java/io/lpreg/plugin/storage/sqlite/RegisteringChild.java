package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static io.lpreg.plugin.storage.sqlite.Registrations.TICKET_BYTES;
import static io.lpreg.plugin.storage.sqlite.Registrations.TICKET_LIFETIME;
import static io.lpreg.plugin.storage.sqlite.Registrations.key;
import static io.lpreg.plugin.storage.sqlite.Registrations.nullifier;

/**
 * The process {@link CrashConsistencyTest} kills: registers in a loop from iteration {@code args[1]} on, one
 * transaction per iteration, and prints {@code committed <i>} after each commit returned.
 */
final class RegisteringChild {
    private RegisteringChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        SqliteStorage storage = new SqliteStorage(MapPluginConfig.in(file.getParent()).with("path", file.toString()),
                Clock.systemUTC());
        storage.start();
        for (long i = first; ; i++) {
            long iteration = i;
            storage.inTransaction(tx -> {
                iteration(tx, iteration, Clock.systemUTC().instant());
                return null;
            });
            System.out.println("committed " + i);
            System.out.flush();
        }
    }

    /**
     * Iteration {@code i}: registers key i with nullifier 2i; every 5th also re-registers key i-1 with
     * nullifier 2i+1; every 7th removes key i-3. The WireGuard call the engine makes inside the transaction
     * is stood in for by a sleep, so that the kill often lands while a transaction is open.
     */
    static void iteration(StorageTransaction tx, long i, Instant now) throws StorageException, InterruptedException {
        charge(tx, key(i), nullifier(2 * i), now);
        if (i % 5 == 0 && i > 0) {
            charge(tx, key(i - 1), nullifier(2 * i + 1), now);
        }
        if (i % 7 == 0) {
            tx.removePeer(key(i - 3), now);
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(2));
    }

    private static void charge(StorageTransaction tx, WireGuardKey key, byte[] nullifier, Instant now) throws StorageException {
        ClientId client = tx.peerClient(key, ClientKind.ENTRY_WIREGUARD);
        tx.recordSpend(new SpentCredential("test", nullifier, client, key.bytes(), TICKET_BYTES, now, now.plus(TICKET_LIFETIME)));
        tx.creditBandwidth(client, TICKET_BYTES, now.plus(TICKET_LIFETIME));
        Optional<StoredPeer> existing = tx.peer(key);
        IpPair ips = existing.isPresent() ? existing.get().ips() : tx.allocateIpPair(now);
        tx.upsertPeer(key, client, ips, Optional.empty(), now);
    }
}
