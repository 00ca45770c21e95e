package io.lpreg.protocol;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The ±tolerance check E2 applies to the ClientHello salt and the request timestamp (docs/wire-v1.md §5.2):
 * {@code |now − ts| ≤ tolerance} passes, so with 30 s an age of 30 passes and 31 fails.
 */
public record TimestampWindow(Duration tolerance) {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(30);

    public TimestampWindow {
        requireNonNull(tolerance, "tolerance is null");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
        }
    }

    public static TimestampWindow defaults() {
        return new TimestampWindow(DEFAULT_TOLERANCE);
    }

    /** Checks an unsigned unix-seconds timestamp against {@code nowSeconds}. */
    public void check(long timestamp, long nowSeconds, String what) throws LpProtocolException {
        long limit = tolerance.toSeconds();
        if (timestamp < 0 || timestamp - nowSeconds > limit) {
            throw new LpProtocolException(LpError.FUTURE_TIMESTAMP, what + " timestamp "
                    + Long.toUnsignedString(timestamp) + " is too far in the future (now " + nowSeconds + ")");
        }
        if (nowSeconds - timestamp > limit) {
            throw new LpProtocolException(LpError.STALE_TIMESTAMP, what + " timestamp " + timestamp
                    + " is too old (now " + nowSeconds + ", tolerance " + limit + " s)");
        }
    }
}
