package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;

/** One way of talking to a WireGuard interface: its userspace API socket, or the {@code wg} tool. */
sealed interface InterfaceClient permits UapiClient, WgCommandClient {
    InterfaceDump dump() throws WireGuardException;

    /** Sets the interface's private key and listen port. */
    void configure(WireGuardPrivateKey privateKey, int listenPort) throws WireGuardException;

    /** Adds the peer or replaces its allowed IPs, preshared key (none = zero) and keepalive. */
    void setPeer(PeerConfig peer) throws WireGuardException;

    void removePeer(WireGuardKey publicKey) throws WireGuardException;
}
