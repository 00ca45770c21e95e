package io.lpreg.engine.registration;

import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Start-up reconciliation (docs/architecture.md §4.7): storage is the truth. Peers stored but missing on the
 * interface are re-applied; peers on the interface that storage does not know are removed, so a crash
 * between "WireGuard accepted" and "commit" leaves nothing behind.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    public record Result(int reapplied, int removed) {
    }

    private Reconciler() {
    }

    public static Result reconcile(GatewayStorage storage, WireGuardController wireGuard, Duration keepalive)
            throws StorageException, WireGuardException {
        List<StoredPeer> stored = storage.peers();
        Set<WireGuardKey> live = new HashSet<>();
        for (PeerStats peer : wireGuard.peers()) {
            live.add(peer.publicKey());
        }
        Set<WireGuardKey> known = new HashSet<>();
        int reapplied = 0;
        for (StoredPeer peer : stored) {
            known.add(peer.publicKey());
            if (!live.contains(peer.publicKey())) {
                wireGuard.addPeer(new PeerConfig(peer.publicKey(), peer.ips(), peer.presharedKey(), keepalive));
                reapplied++;
            }
        }
        int removed = 0;
        for (WireGuardKey key : live) {
            if (!known.contains(key)) {
                wireGuard.removePeer(key);
                removed++;
            }
        }
        if (reapplied > 0 || removed > 0) {
            log.info("reconciled WireGuard with storage: {} peers re-applied, {} unknown peers removed", reapplied, removed);
        }
        return new Result(reapplied, removed);
    }
}
