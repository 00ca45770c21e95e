package io.lpreg.spi;

import java.time.Instant;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A consumed credential. {@code requestDigest} identifies the request that spent it (its WireGuard key,
 * mode and ticket type), so a retry of the same request after a lost response can be told apart from a
 * double spend.
 */
public record SpentCredential(String scheme, byte[] nullifier, ClientId client, byte[] requestDigest,
                              long creditedBytes, Instant spentAt, Instant expiresAt) {
    public SpentCredential {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(nullifier, "nullifier is null");
        requireNonNull(client, "client is null");
        requireNonNull(requestDigest, "requestDigest is null");
        requireNonNull(spentAt, "spentAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        nullifier = nullifier.clone();
        requestDigest = requestDigest.clone();
    }

    @Override
    public byte[] nullifier() {
        return nullifier.clone();
    }

    @Override
    public byte[] requestDigest() {
        return requestDigest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpentCredential other
                && scheme.equals(other.scheme)
                && Arrays.equals(nullifier, other.nullifier)
                && client.equals(other.client)
                && Arrays.equals(requestDigest, other.requestDigest)
                && creditedBytes == other.creditedBytes
                && spentAt.equals(other.spentAt)
                && expiresAt.equals(other.expiresAt);
    }

    @Override
    public int hashCode() {
        return scheme.hashCode() * 31 + Arrays.hashCode(nullifier);
    }
}
