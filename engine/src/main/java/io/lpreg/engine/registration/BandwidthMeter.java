package io.lpreg.engine.registration;

import io.lpreg.spi.Bandwidth;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The bandwidth lifecycle (DESIGN.md §4): reads each peer's rx/tx counters, debits the traffic since
 * the last reading from its client's balance, removes peers whose balance is spent or expired, and puts
 * back stored peers the interface lost.
 *
 * <p>A peer first seen by this process (after a restart) is metered from its counters at that moment:
 * traffic before it may have been charged by the previous process, and charging it twice is worse than
 * not charging it. Peers this process added are metered from zero.
 */
public final class BandwidthMeter implements RegistrationPipeline.PeerListener {
    private static final Logger log = LoggerFactory.getLogger(BandwidthMeter.class);

    private final GatewayStorage storage;
    private final WireGuardController wireGuard;
    private final Clock clock;
    private final Duration keepalive;
    private final Map<WireGuardKey, Long> lastSeen = new ConcurrentHashMap<>();

    public record Tick(long debitedBytes, int removedPeers, int reappliedPeers) {
    }

    public BandwidthMeter(GatewayStorage storage, WireGuardController wireGuard, Clock clock, Duration keepalive) {
        this.storage = requireNonNull(storage, "storage is null");
        this.wireGuard = requireNonNull(wireGuard, "wireGuard is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.keepalive = requireNonNull(keepalive, "keepalive is null");
    }

    @Override
    public void peerApplied(WireGuardKey key) {
        lastSeen.put(key, 0L);
    }

    public Tick tick() throws StorageException, WireGuardException {
        Instant now = clock.instant();
        Map<WireGuardKey, Long> counters = new HashMap<>();
        for (PeerStats stats : wireGuard.peers()) {
            counters.put(stats.publicKey(), stats.totalBytes());
        }
        Map<WireGuardKey, Long> usage = new HashMap<>();
        for (Map.Entry<WireGuardKey, Long> entry : counters.entrySet()) {
            long total = entry.getValue();
            Long previous = lastSeen.put(entry.getKey(), total);
            // A counter that went down means the peer was re-created on the interface: count from zero.
            long base = previous == null ? total : (total < previous ? 0 : previous);
            if (total > base) {
                usage.put(entry.getKey(), total - base);
            }
        }
        lastSeen.keySet().retainAll(counters.keySet());

        List<StoredPeer> stored = storage.peers();
        List<WireGuardKey> spent = storage.inTransaction(transaction -> {
            List<WireGuardKey> remove = new ArrayList<>();
            for (StoredPeer peer : stored) {
                long used = usage.getOrDefault(peer.publicKey(), 0L);
                Bandwidth balance = used > 0
                        ? transaction.debitBandwidth(peer.client(), used)
                        : transaction.bandwidth(peer.client()).orElse(new Bandwidth(0, now));
                if (!balance.isUsable(now)) {
                    transaction.removePeer(peer.publicKey(), now);
                    remove.add(peer.publicKey());
                }
            }
            return remove;
        });
        for (WireGuardKey key : spent) {
            wireGuard.removePeer(key);
            lastSeen.remove(key);
        }
        // An interface that lost peers while we run (an operator's wireguard-go restarted) gets them back.
        // Only stored peers are re-added: a stranger may be a registration between its peer and its commit.
        Set<WireGuardKey> removed = new HashSet<>(spent);
        int reapplied = 0;
        for (StoredPeer peer : stored) {
            if (!counters.containsKey(peer.publicKey()) && !removed.contains(peer.publicKey())) {
                wireGuard.addPeer(new PeerConfig(peer.publicKey(), peer.ips(), peer.presharedKey(), keepalive));
                lastSeen.put(peer.publicKey(), 0L);
                reapplied++;
            }
        }
        if (reapplied > 0) {
            log.warn("re-applied {} stored peers missing from the WireGuard interface", reapplied);
        }
        storage.purgeExpired(now);
        long debited = usage.values().stream().mapToLong(Long::longValue).sum();
        if (!spent.isEmpty()) {
            log.info("removed {} peers whose bandwidth is spent or expired", spent.size());
        }
        return new Tick(debited, spent.size(), reapplied);
    }
}
