package io.lpreg.spi;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A client's bandwidth balance: bytes it may still use, until when. */
public record Bandwidth(long availableBytes, Instant expiresAt) {
    public Bandwidth {
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public boolean isUsable(Instant now) {
        return availableBytes > 0 && now.isBefore(expiresAt);
    }
}
