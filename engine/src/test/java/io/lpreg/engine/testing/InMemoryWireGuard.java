package io.lpreg.engine.testing;

import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A WireGuard interface in memory, for engine tests until the wireguard-linux plugin runs them against
 * wireguard-go. Counters can be set; failures can be injected per operation.
 */
public final class InMemoryWireGuard implements WireGuardController {
    private final WireGuardKey publicKey;
    private final InetSocketAddress endpoint;
    private final Map<WireGuardKey, PeerConfig> peers = new ConcurrentHashMap<>();
    private final Map<WireGuardKey, long[]> counters = new ConcurrentHashMap<>();
    private final AtomicReference<String> failAdd = new AtomicReference<>();
    private final AtomicReference<String> failAddAfterApplying = new AtomicReference<>();
    private final AtomicReference<String> failRemove = new AtomicReference<>();
    private final AtomicInteger listings = new AtomicInteger();

    public InMemoryWireGuard(WireGuardKey publicKey, InetSocketAddress endpoint) {
        this.publicKey = publicKey;
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public WireGuardKey publicKey() {
        return publicKey;
    }

    @Override
    public InetSocketAddress endpoint() {
        return endpoint;
    }

    @Override
    public void addPeer(PeerConfig peer) throws WireGuardException {
        String failure = failAdd.get();
        if (failure != null) {
            throw new WireGuardException(failure);
        }
        peers.put(peer.publicKey(), peer);
        counters.putIfAbsent(peer.publicKey(), new long[2]);
        String timeout = failAddAfterApplying.get();
        if (timeout != null) {
            throw new WireGuardException(timeout);
        }
    }

    @Override
    public void removePeer(WireGuardKey key) throws WireGuardException {
        String failure = failRemove.get();
        if (failure != null) {
            throw new WireGuardException(failure);
        }
        peers.remove(key);
        counters.remove(key);
    }

    @Override
    public List<PeerStats> peers() {
        listings.incrementAndGet();
        List<PeerStats> stats = new ArrayList<>();
        for (WireGuardKey key : peers.keySet()) {
            long[] c = counters.getOrDefault(key, new long[2]);
            stats.add(new PeerStats(key, c[0], c[1], Optional.empty()));
        }
        return stats;
    }

    /**
     * How many times the peers were listed: the bandwidth meter lists them once at the start of each tick,
     * so two more listings mean one whole tick ran in between.
     */
    public int listings() {
        return listings.get();
    }

    /** The peers as configured now. */
    public Map<WireGuardKey, PeerConfig> configured() {
        return Map.copyOf(peers);
    }

    public void setCounters(WireGuardKey key, long rx, long tx) {
        counters.put(key, new long[] {rx, tx});
    }

    /** Makes every following addPeer fail with this errno-style message; null to stop. */
    public void failAddPeer(String message) {
        failAdd.set(message);
    }

    /** Makes every following addPeer apply the peer and then fail (a timeout after the write); null to stop. */
    public void failAddPeerAfterApplying(String message) {
        failAddAfterApplying.set(message);
    }

    /** Makes every following removePeer fail; null to stop. */
    public void failRemovePeer(String message) {
        failRemove.set(message);
    }

    /** Adds a peer behind the gateway's back (a stranger for reconciliation). */
    public void addStranger(PeerConfig peer) {
        peers.put(peer.publicKey(), peer);
    }
}
