package io.lpreg.engine.listener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * A token bucket per source ({@link SourceKey}: /32 or /64) for new connections: {@code burst} tokens,
 * refilled at {@code perSecond}. A source whose handshake fails pays a {@link #penalize penalty} on top, so a
 * source that only sends bogus handshakes soon gets a cheap {@code Busy} at accept instead of a DH each time,
 * while a source whose clients complete their handshakes never pays it. At most {@code maxSources} buckets
 * exist: an IPv6 attacker has more /64s than any heap, so once the table is full a source without a bucket
 * is refused until a {@link #sweep} (on a timer of the listener's, never on the accept path) drops the
 * buckets that have refilled — sources already tracked, the ones with a history, keep theirs.
 */
final class ConnectionRateLimiter {
    /** Buckets at most by default: about 100 bytes each with their key and map entry, some 13 MB. */
    static final int DEFAULT_MAX_SOURCES = 1 << 17;

    private final double perNano;
    private final double burst;
    private final double penalty;
    private final int maxSources;
    private final Map<SourceKey, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    /** @param failurePenalty tokens one failed handshake costs its source */
    ConnectionRateLimiter(int perSecond, int burst, int failurePenalty) {
        this(perSecond, burst, failurePenalty, DEFAULT_MAX_SOURCES, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock buckets refill by ({@link System#nanoTime()} outside tests) */
    ConnectionRateLimiter(int perSecond, int burst, int failurePenalty, LongSupplier nanoTime) {
        this(perSecond, burst, failurePenalty, DEFAULT_MAX_SOURCES, nanoTime);
    }

    /** @param maxSources the most buckets held at once */
    ConnectionRateLimiter(int perSecond, int burst, int failurePenalty, int maxSources, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst <= 0 || failurePenalty < 0 || maxSources <= 0) {
            throw new IllegalArgumentException("rate, burst and bucket cap must be positive, the penalty not negative");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.penalty = failurePenalty;
        this.maxSources = maxSources;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** How many sources have a bucket now (full buckets go on the next sweep). */
    int trackedSources() {
        return buckets.size();
    }

    boolean tryAcquire(SourceKey source) {
        long now = nanoTime.getAsLong();
        Bucket bucket = bucket(source, now);
        return bucket != null && bucket.take(now);
    }

    /** Drops the buckets that have refilled: memory follows the active sources. */
    void sweep() {
        long now = nanoTime.getAsLong();
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    /** The source's bucket, a new full one, or null when the table is full. */
    private Bucket bucket(SourceKey source, long now) {
        Bucket bucket = buckets.get(source);
        if (bucket != null) {
            return bucket;
        }
        // Racing creators may overshoot the cap by a few; it bounds memory, not an exact count.
        if (buckets.size() >= maxSources) {
            return null;
        }
        return buckets.computeIfAbsent(source, ignored -> new Bucket(burst, now));
    }

    /** A handshake from {@code source} failed: it owes the penalty, down to one burst of debt at most. */
    void penalize(SourceKey source) {
        if (penalty == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        Bucket bucket = bucket(source, now);
        if (bucket != null) {
            bucket.owe(now, penalty);
        }
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized void owe(long now, double amount) {
            refill(now);
            tokens = Math.max(-burst, tokens - amount);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * perNano);
            updated = now;
        }
    }
}
