package io.lpreg.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A registered WireGuard peer as storage keeps it. */
public record StoredPeer(WireGuardKey publicKey, ClientId client, IpPair ips, Optional<byte[]> presharedKey,
                         Instant createdAt, Instant updatedAt) {
    public StoredPeer {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(client, "client is null");
        requireNonNull(ips, "ips is null");
        requireNonNull(presharedKey, "presharedKey is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        presharedKey = presharedKey.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> presharedKey() {
        return presharedKey.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredPeer other
                && publicKey.equals(other.publicKey)
                && client.equals(other.client)
                && ips.equals(other.ips)
                && Arrays.equals(presharedKey.orElse(null), other.presharedKey.orElse(null))
                && createdAt.equals(other.createdAt)
                && updatedAt.equals(other.updatedAt);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }
}
