package io.lpreg.engine.registration;

import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

import static java.util.Objects.requireNonNull;

/**
 * Removing a peer on an operator's request, with the atomicity of a registration (docs/architecture.md §4.5) run
 * backwards: one storage transaction deletes the peer and releases its addresses, the interface drops the peer
 * inside it, and a refusal of the interface rolls the deletion back; a commit that fails after the interface
 * dropped the peer is compensated by putting the peer back.
 *
 * <p>Runs under the lock the bandwidth meter ticks under: a tick that read the interface before this removal
 * and storage after it would otherwise re-add the peer as "lost by the interface".
 */
public final class PeerRemoval {
    private static final Logger log = LoggerFactory.getLogger(PeerRemoval.class);

    private final GatewayStorage storage;
    private final Optional<WireGuardController> wireGuard;
    private final Clock clock;
    private final Duration keepalive;
    private final Lock peerMaintenance;

    public PeerRemoval(GatewayStorage storage, Optional<WireGuardController> wireGuard, Clock clock, Duration keepalive,
                       Lock peerMaintenance) {
        this.storage = requireNonNull(storage, "storage is null");
        this.wireGuard = requireNonNull(wireGuard, "wireGuard is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.keepalive = requireNonNull(keepalive, "keepalive is null");
        this.peerMaintenance = requireNonNull(peerMaintenance, "peerMaintenance is null");
    }

    /** The peer as it was stored before its removal; empty if storage does not know the key. */
    public Optional<StoredPeer> remove(WireGuardKey key) throws StorageException, WireGuardException {
        requireNonNull(key, "key is null");
        peerMaintenance.lock();
        try {
            StoredPeer[] droppedFromInterface = new StoredPeer[1];
            try {
                return storage.inTransaction(transaction -> {
                    Optional<StoredPeer> peer = transaction.peer(key);
                    if (peer.isEmpty()) {
                        return Optional.<StoredPeer>empty();
                    }
                    transaction.removePeer(key, clock.instant());
                    if (wireGuard.isPresent()) {
                        wireGuard.get().removePeer(key);
                        droppedFromInterface[0] = peer.get();
                    }
                    return peer;
                });
            } catch (StorageException | RuntimeException e) {
                putBack(droppedFromInterface[0]);
                throw e;
            }
        } finally {
            peerMaintenance.unlock();
        }
    }

    private void putBack(StoredPeer peer) {
        if (peer == null) {
            return;
        }
        try {
            wireGuard.orElseThrow().addPeer(new PeerConfig(peer.publicKey(), peer.ips(), peer.presharedKey(), keepalive));
        } catch (WireGuardException e) {
            // The meter re-adds stored peers the interface lost, start-up reconciliation at the latest.
            log.error("could not put peer {} back on the interface after a failed commit: {}", peer.publicKey(),
                    e.getMessage());
        }
    }
}
