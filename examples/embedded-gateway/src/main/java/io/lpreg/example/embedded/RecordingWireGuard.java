package io.lpreg.example.embedded;

import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardKey;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * A stand-in for a real WireGuard interface, for the example: it records the peers the gateway configures and
 * moves no packet. Its public key has no private key behind it, so a client can register but never connect. A
 * real host application passes its own controller here, or installs the wireguard-linux plugin.
 */
public final class RecordingWireGuard implements WireGuardController {
    public static final String NAME = "recording";

    private final WireGuardKey publicKey;
    private final InetSocketAddress endpoint;
    private final Map<WireGuardKey, PeerConfig> peers = new ConcurrentHashMap<>();

    public RecordingWireGuard(WireGuardKey publicKey, InetSocketAddress endpoint) {
        this.publicKey = requireNonNull(publicKey, "publicKey is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        if (endpoint.isUnresolved() || endpoint.getAddress().isAnyLocalAddress()) {
            throw new IllegalArgumentException("the endpoint is the address clients connect to, not " + endpoint);
        }
    }

    @Override
    public String name() {
        return NAME;
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
    public void addPeer(PeerConfig peer) {
        requireNonNull(peer, "peer is null");
        peers.put(peer.publicKey(), peer);
    }

    @Override
    public void removePeer(WireGuardKey key) {
        requireNonNull(key, "key is null");
        peers.remove(key);
    }

    /** Every peer with zero traffic: nothing flows through a stand-in. */
    @Override
    public List<PeerStats> peers() {
        return peers.keySet().stream().map(key -> new PeerStats(key, 0, 0, Optional.empty())).toList();
    }

    /** The peer as the gateway configured it, if it is on the interface. */
    public Optional<PeerConfig> peer(WireGuardKey key) {
        return Optional.ofNullable(peers.get(key));
    }

    public int peerCount() {
        return peers.size();
    }
}
