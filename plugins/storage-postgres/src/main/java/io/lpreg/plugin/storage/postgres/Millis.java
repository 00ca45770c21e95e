package io.lpreg.plugin.storage.postgres;

import java.time.Duration;
import java.time.Instant;

/**
 * Times are stored as epoch milliseconds ({@code bigint}, {@code to_timestamp(x / 1000.0)} reads them), the same
 * representation as storage-sqlite. Instants beyond the range saturate instead of failing, so a credential that
 * "never expires" ({@link Instant#MAX}) is stored as the largest time there is.
 */
final class Millis {
    private Millis() {
    }

    static long of(Instant instant) {
        if (instant.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        if (instant.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        return instant.toEpochMilli();
    }

    static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    /** {@code instant - duration} in milliseconds, saturating. */
    static long minus(Instant instant, Duration duration) {
        long millis = of(instant);
        long amount = duration.toMillis();
        return millis < Long.MIN_VALUE + amount ? Long.MIN_VALUE : millis - amount;
    }
}
