package io.lpreg.testkit.storage;

import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The storage half of a dVPN registration the way the engine runs it (docs/architecture.md §4.4), through the SPI
 * only: consume the nullifier, credit the bandwidth, reuse or allocate the pair, upsert the peer.
 */
public final class Registrations {
    public static final long TICKET_BYTES = 500_000_000L;
    public static final Duration TICKET_LIFETIME = Duration.ofDays(7);

    private Registrations() {
    }

    public static IpPair register(GatewayStorage storage, WireGuardKey key, byte[] nullifier, Instant now) throws StorageException {
        return storage.inTransaction(transaction -> {
            Optional<StoredPeer> existing = transaction.peer(key);
            ClientId client = transaction.peerClient(key, ClientKind.ENTRY_WIREGUARD);
            transaction.recordSpend(new SpentCredential("test", nullifier, client, key.bytes(), TICKET_BYTES, now,
                    now.plus(TICKET_LIFETIME)));
            transaction.creditBandwidth(client, TICKET_BYTES, now.plus(TICKET_LIFETIME));
            IpPair ips = existing.isPresent() ? existing.get().ips() : transaction.allocateIpPair(now);
            transaction.upsertPeer(key, client, ips, Optional.empty(), now);
            return ips;
        });
    }

    /** A distinct key per number, so tests can name their peers. */
    public static WireGuardKey key(long n) {
        return new WireGuardKey(ByteBuffer.allocate(32).putLong(24, n).put(0, (byte) 0x4b).array());
    }

    /** A distinct nullifier per number. */
    public static byte[] nullifier(long n) {
        return ByteBuffer.allocate(32).putLong(0, n).put(31, (byte) 0x6e).array();
    }

    /** A distinct 32-byte mixnet client id per number. */
    public static byte[] mixnetId(long n) {
        return ByteBuffer.allocate(32).putLong(8, n).put(0, (byte) 0x6d).array();
    }
}
