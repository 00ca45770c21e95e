package io.lpreg.ecash.issuer;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** An issuance epoch and when its tickets are valid: from {@code validFrom} (inclusive) to {@code validUntil} (exclusive). */
public record EpochWindow(long epoch, Instant validFrom, Instant validUntil) {
    public EpochWindow {
        requireNonNull(validFrom, "validFrom is null");
        requireNonNull(validUntil, "validUntil is null");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative, got " + epoch);
        }
        if (!validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("epoch " + epoch + " ends (" + validUntil + ") before it starts (" + validFrom + ")");
        }
    }

    public boolean contains(Instant now) {
        return !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
}
