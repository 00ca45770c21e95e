package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.PeerStats;
import io.lpreg.spi.WireGuardKey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** An interface as {@code get=1} or {@code wg show <if> dump} reports it. */
public record InterfaceDump(Optional<WireGuardPrivateKey> privateKey, int listenPort, List<Peer> peers) {
    public InterfaceDump {
        requireNonNull(privateKey, "privateKey is null");
        peers = List.copyOf(requireNonNull(peers, "peers is null"));
    }

    /**
     * @param allowedIps in the interface's notation ({@code 10.1.0.2/32})
     * @param persistentKeepalive zero when off
     */
    public record Peer(WireGuardKey publicKey, boolean hasPresharedKey, List<String> allowedIps,
                       Duration persistentKeepalive, long rxBytes, long txBytes, Optional<Instant> lastHandshake) {
        public Peer {
            requireNonNull(publicKey, "publicKey is null");
            allowedIps = List.copyOf(requireNonNull(allowedIps, "allowedIps is null"));
            requireNonNull(persistentKeepalive, "persistentKeepalive is null");
            requireNonNull(lastHandshake, "lastHandshake is null");
        }

        public PeerStats stats() {
            return new PeerStats(publicKey, rxBytes, txBytes, lastHandshake);
        }
    }
}
