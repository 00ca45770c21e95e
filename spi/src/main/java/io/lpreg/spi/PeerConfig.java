package io.lpreg.spi;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A WireGuard peer as the gateway configures it: allowed IPs are exactly the pair's /32 and /128.
 *
 * @param presharedKey the client's optional WireGuard preshared key (32 bytes)
 * @param persistentKeepalive zero for none
 */
public record PeerConfig(WireGuardKey publicKey, IpPair allowedIps, Optional<byte[]> presharedKey,
                         Duration persistentKeepalive) {
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(25);

    public PeerConfig {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(allowedIps, "allowedIps is null");
        requireNonNull(presharedKey, "presharedKey is null");
        requireNonNull(persistentKeepalive, "persistentKeepalive is null");
        if (presharedKey.isPresent() && presharedKey.get().length != 32) {
            throw new IllegalArgumentException("a WireGuard preshared key is 32 bytes");
        }
        presharedKey = presharedKey.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> presharedKey() {
        return presharedKey.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerConfig other
                && publicKey.equals(other.publicKey)
                && allowedIps.equals(other.allowedIps)
                && Arrays.equals(presharedKey.orElse(null), other.presharedKey.orElse(null))
                && persistentKeepalive.equals(other.persistentKeepalive);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode() * 31 + allowedIps.hashCode();
    }

    @Override
    public String toString() {
        return "PeerConfig[" + publicKey + ", " + allowedIps + ", psk=" + (presharedKey.isPresent() ? "set" : "none")
                + ", keepalive=" + persistentKeepalive.toSeconds() + "s]";
    }
}
