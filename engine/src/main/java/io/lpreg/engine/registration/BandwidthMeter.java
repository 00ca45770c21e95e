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
 * The bandwidth lifecycle (docs/architecture.md §4.8): reads each peer's rx/tx counters, debits the traffic since
 * the last reading from its client's balance, removes peers whose balance is spent or expired, puts back
 * stored peers the interface lost, and removes peers storage does not know.
 *
 * <p>A peer first seen by this process (after a restart) is metered from its counters at that moment:
 * traffic before it may have been charged by the previous process, and charging it twice is worse than
 * not charging it. The peers on the interface at start are read before the gateway serves
 * ({@link #takeFirstReading}), so a top-up before the first tick finds their reading. A peer the pipeline
 * put on the interface new is metered from zero; one it updated in place (a top-up, a retry) keeps its
 * counters on the interface, so it keeps its reading here too. A reading advances only once the debit of
 * the traffic up to it has committed: traffic metered while storage is down is charged when it is back.
 *
 * <p>Storage is the truth: a removal committed there is retried on the interface until it succeeds, and a
 * peer on the interface that storage does not know and no registration claims is removed once it has been
 * seen so on two ticks in a row (a failed compensation, an {@code addPeer} that timed out but applied).
 */
public final class BandwidthMeter implements RegistrationPipeline.PeerListener {
    private static final Logger log = LoggerFactory.getLogger(BandwidthMeter.class);
    static final int STRANGER_SIGHTINGS = 2;

    private final GatewayStorage storage;
    private final WireGuardController wireGuard;
    private final Clock clock;
    private final Duration keepalive;
    private final PeerClaims claims;
    private final Map<WireGuardKey, Long> lastSeen = new ConcurrentHashMap<>();
    private final Set<WireGuardKey> pendingRemovals = ConcurrentHashMap.newKeySet();
    private final Map<WireGuardKey, Integer> strangerSightings = new HashMap<>();

    public record Tick(long debitedBytes, int removedPeers, int reappliedPeers, int strangersRemoved) {
    }

    public BandwidthMeter(GatewayStorage storage, WireGuardController wireGuard, Clock clock, Duration keepalive,
                          PeerClaims claims) {
        this.storage = requireNonNull(storage, "storage is null");
        this.wireGuard = requireNonNull(wireGuard, "wireGuard is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.keepalive = requireNonNull(keepalive, "keepalive is null");
        this.claims = requireNonNull(claims, "claims is null");
    }

    /**
     * Reads every peer on the interface, before the gateway serves: without a reading, a top-up of a peer the
     * interface kept across the restart would be metered from zero, its whole life on the interface charged.
     */
    public synchronized void takeFirstReading() throws WireGuardException {
        for (PeerStats stats : wireGuard.peers()) {
            lastSeen.putIfAbsent(stats.publicKey(), stats.totalBytes());
        }
    }

    /** Only a peer the meter does not know on the interface is new there: its counters start at zero. */
    @Override
    public void peerApplied(WireGuardKey key) {
        lastSeen.putIfAbsent(key, 0L);
    }

    public synchronized Tick tick() throws StorageException, WireGuardException {
        Instant now = clock.instant();
        Map<WireGuardKey, Long> counters = new HashMap<>();
        for (PeerStats stats : wireGuard.peers()) {
            counters.put(stats.publicKey(), stats.totalBytes());
        }
        // Claims are read after the interface and before storage: a peer seen on the interface whose
        // registration is no longer in flight has committed (or been compensated) before storage is read.
        Set<WireGuardKey> claimed = new HashSet<>();
        for (WireGuardKey key : counters.keySet()) {
            if (claims.isClaimed(key)) {
                claimed.add(key);
            }
        }
        Map<WireGuardKey, Long> usage = new HashMap<>();
        Map<WireGuardKey, Long> readings = new HashMap<>();
        for (Map.Entry<WireGuardKey, Long> entry : counters.entrySet()) {
            long total = entry.getValue();
            Long previous = lastSeen.get(entry.getKey());
            if (previous == null) {
                // A first reading charges nothing, so it stands whether or not this tick's debit commits.
                lastSeen.putIfAbsent(entry.getKey(), total);
                continue;
            }
            // A counter that went down means the peer was re-created on the interface: count from zero.
            long base = total < previous ? 0 : previous;
            if (total > base) {
                usage.put(entry.getKey(), total - base);
            }
            readings.put(entry.getKey(), total);
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
        lastSeen.putAll(readings);
        pendingRemovals.addAll(spent);
        int removed = removePending();

        Set<WireGuardKey> storedKeys = new HashSet<>();
        stored.forEach(peer -> storedKeys.add(peer.publicKey()));
        int strangers = removeStrangers(counters.keySet(), storedKeys, claimed);

        // An interface that lost peers while we run (an operator's wireguard-go restarted) gets them back.
        int reapplied = 0;
        for (StoredPeer peer : stored) {
            WireGuardKey key = peer.publicKey();
            if (!counters.containsKey(key) && !spent.contains(key) && !claims.isClaimed(key)) {
                try {
                    wireGuard.addPeer(new PeerConfig(key, peer.ips(), peer.presharedKey(), keepalive));
                    lastSeen.put(key, 0L);
                    reapplied++;
                } catch (WireGuardException e) {
                    log.warn("could not re-apply stored peer {}: {}", key, e.getMessage());
                }
            }
        }
        if (reapplied > 0) {
            log.warn("re-applied {} stored peers missing from the WireGuard interface", reapplied);
        }
        storage.purgeExpired(now);
        long debited = usage.values().stream().mapToLong(Long::longValue).sum();
        if (removed > 0) {
            log.info("removed {} peers whose bandwidth is spent or expired", removed);
        }
        return new Tick(debited, removed, reapplied, strangers);
    }

    /** Removals storage has committed, tried on the interface until they succeed; one failure stops none. */
    private int removePending() {
        int removed = 0;
        for (WireGuardKey key : List.copyOf(pendingRemovals)) {
            try {
                if (removeIfUnknown(key)) {
                    removed++;
                }
                pendingRemovals.remove(key);
            } catch (WireGuardException | StorageException e) {
                log.warn("could not remove peer {} from WireGuard, retrying next tick: {}", key, e.getMessage());
            }
        }
        return removed;
    }

    private int removeStrangers(Set<WireGuardKey> onInterface, Set<WireGuardKey> storedKeys, Set<WireGuardKey> claimed) {
        Map<WireGuardKey, Integer> seen = new HashMap<>();
        int removed = 0;
        for (WireGuardKey key : onInterface) {
            if (storedKeys.contains(key) || claimed.contains(key) || pendingRemovals.contains(key)) {
                continue;
            }
            int sightings = strangerSightings.getOrDefault(key, 0) + 1;
            if (sightings < STRANGER_SIGHTINGS) {
                seen.put(key, sightings);
                continue;
            }
            try {
                if (removeIfUnknown(key)) {
                    removed++;
                    log.warn("removed WireGuard peer {}: storage does not know it", key);
                }
            } catch (WireGuardException | StorageException e) {
                seen.put(key, sightings);
                log.warn("could not remove unknown peer {} from WireGuard: {}", key, e.getMessage());
            }
        }
        strangerSightings.clear();
        strangerSightings.putAll(seen);
        return removed;
    }

    /**
     * Removes the peer from the interface unless storage knows it again: under the key's claim, so a top-up
     * that has just paid for it either committed before (the peer stays) or starts after (it adds it anew).
     */
    private boolean removeIfUnknown(WireGuardKey key) throws WireGuardException, StorageException {
        try (PeerClaims.Claim claim = claims.claim(key)) {
            if (storage.inTransaction(transaction -> transaction.peer(key)).isPresent()) {
                return false;
            }
            wireGuard.removePeer(key);
            lastSeen.remove(key);
            return true;
        }
    }
}
