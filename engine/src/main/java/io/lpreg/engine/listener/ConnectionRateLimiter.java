package io.lpreg.engine.listener;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per source address for new connections: {@code burst} tokens, refilled at
 * {@code perSecond}. Full buckets are dropped on sweeps, so memory follows the active sources.
 */
final class ConnectionRateLimiter {
    private final double perNano;
    private final double burst;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.nanoTime();

    ConnectionRateLimiter(int perSecond, int burst) {
        if (perSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
    }

    boolean tryAcquire(InetAddress source) {
        long now = System.nanoTime();
        if (now - lastSweep > 10_000_000_000L) {
            lastSweep = now;
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(source, ignored -> new Bucket(burst, now)).take(now);
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
