package io.lpreg.spi;

import org.pf4j.ExtensionPoint;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The gateway's WireGuard interface. The engine calls it from worker threads, never from the network
 * event loop, so implementations may block; calls may come from several threads at once.
 */
public interface WireGuardController extends ExtensionPoint {
    /** The name configuration selects it by ({@code wireguard = "wireguard-linux"}). */
    String name();

    /** The interface's public key, announced to clients. */
    WireGuardKey publicKey() throws WireGuardException;

    /** The endpoint clients connect to, as configured (never an unspecified address). */
    InetSocketAddress endpoint();

    /** Adds the peer, or replaces the configuration of a peer with the same key. */
    void addPeer(PeerConfig peer) throws WireGuardException;

    /** Removes the peer; removing an unknown peer is not an error. */
    void removePeer(WireGuardKey publicKey) throws WireGuardException;

    /** Every peer on the interface with its counters. */
    List<PeerStats> peers() throws WireGuardException;

    /**
     * Releases what the controller holds (a managed interface, a supervised process). The gateway calls it
     * once at shutdown, after the last registration finished and before storage stops.
     */
    default void close() {
    }

    /** A cheap liveness check for {@code /health}. */
    default boolean isReachable() {
        try {
            publicKey();
            return true;
        } catch (WireGuardException e) {
            return false;
        }
    }
}
