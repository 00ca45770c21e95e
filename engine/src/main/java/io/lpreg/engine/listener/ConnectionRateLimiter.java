package io.lpreg.engine.listener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * A token bucket per source ({@link SourceKey}: /32 or /64) for new connections: {@code burst} tokens,
 * refilled at {@code perSecond}. A source whose handshake fails pays a {@link #penalize penalty} on top, so a
 * source that only sends bogus handshakes soon gets a cheap {@code Busy} at accept instead of a DH each time,
 * while a source whose clients complete their handshakes never pays it. Full buckets are dropped on sweeps,
 * so memory follows the active sources.
 */
final class ConnectionRateLimiter {
    private final double perNano;
    private final double burst;
    private final double penalty;
    private final Map<SourceKey, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private volatile long lastSweep;

    /** @param failurePenalty tokens one failed handshake costs its source */
    ConnectionRateLimiter(int perSecond, int burst, int failurePenalty) {
        this(perSecond, burst, failurePenalty, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock buckets refill by ({@link System#nanoTime()} outside tests) */
    ConnectionRateLimiter(int perSecond, int burst, int failurePenalty, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst <= 0 || failurePenalty < 0) {
            throw new IllegalArgumentException("rate and burst must be positive, the penalty not negative");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.penalty = failurePenalty;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.lastSweep = nanoTime.getAsLong();
    }

    /** How many sources have a bucket now (full buckets go on the next sweep). */
    int trackedSources() {
        return buckets.size();
    }

    boolean tryAcquire(SourceKey source) {
        long now = nanoTime.getAsLong();
        if (now - lastSweep > 10_000_000_000L) {
            lastSweep = now;
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(source, ignored -> new Bucket(burst, now)).take(now);
    }

    /** A handshake from {@code source} failed: it owes the penalty, down to one burst of debt at most. */
    void penalize(SourceKey source) {
        if (penalty == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        buckets.computeIfAbsent(source, ignored -> new Bucket(burst, now)).owe(now, penalty);
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
