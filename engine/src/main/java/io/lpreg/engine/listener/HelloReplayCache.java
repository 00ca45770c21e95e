package io.lpreg.engine.listener;

import io.lpreg.protocol.wire.ClientHello;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The (client key, salt) pairs seen while they could still pass the timestamp check. E2 relies on the
 * ±30 s window alone (LP-WIRE.md §A.2.4), so a captured ClientHello + msg1 could be replayed within it;
 * remembering each pair until its timestamp leaves the window closes that.
 *
 * <p>Built so a flood cannot turn it against the gateway: an insert is O(1) into the bucket of the second
 * the entry expires in; expired entries leave a bucket at a time as the clock passes it, never by a sweep of
 * the whole cache; memory is bounded by {@code capacity}. When full, the bucket that expires soonest leaves
 * early: a hello replayed in the seconds it had left costs the gateway one DH and gets no further (msg3
 * needs the client's private key), whereas refusing fresh hellos would turn every legitimate client away.
 */
final class HelloReplayCache {
    private final long toleranceSeconds;
    private final int capacity;
    private final Map<ByteBuffer, Long> expiries = new HashMap<>();
    private final List<List<ByteBuffer>> buckets;
    private long expiredThrough = Long.MIN_VALUE;
    private long evictedEarly;

    HelloReplayCache(Duration tolerance, int capacity) {
        requireNonNull(tolerance, "tolerance is null");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.toleranceSeconds = tolerance.toSeconds();
        this.capacity = capacity;
        // entries expire at most 2 × tolerance + 1 seconds from now (a hello stamped tolerance ahead)
        int ring = (int) (2 * toleranceSeconds + 3);
        this.buckets = new ArrayList<>(ring);
        for (int i = 0; i < ring; i++) {
            buckets.add(new ArrayList<>());
        }
    }

    enum Verdict { FRESH, REPLAYED }

    /** Records the hello; REPLAYED if it was seen before and could still pass the timestamp check. */
    synchronized Verdict record(ClientHello hello, Instant now) {
        long nowSeconds = now.getEpochSecond();
        expireBefore(nowSeconds);
        ByteBuffer key = ByteBuffer.wrap(hello.encode());
        Long previous = expiries.get(key);
        if (previous != null && previous >= nowSeconds) {
            return Verdict.REPLAYED;
        }
        while (expiries.size() >= capacity) {
            evictSoonest(nowSeconds);
        }
        // Passing the check needs |now − ts| ≤ tolerance, so after ts + tolerance the hello is dead anyway.
        long expiry = Math.min(Math.max(hello.timestamp(), nowSeconds), nowSeconds + toleranceSeconds)
                + toleranceSeconds + 1;
        expiries.put(key, expiry);
        bucket(expiry).add(key);
        return Verdict.FRESH;
    }

    synchronized int size() {
        return expiries.size();
    }

    /** Entries dropped before their time because the cache was full. */
    synchronized long evictedEarly() {
        return evictedEarly;
    }

    private List<ByteBuffer> bucket(long second) {
        return buckets.get((int) Math.floorMod(second, (long) buckets.size()));
    }

    /** Drops the buckets of the seconds before {@code nowSeconds} that have not been dropped yet. */
    private void expireBefore(long nowSeconds) {
        long from = Math.max(expiredThrough + 1, nowSeconds - buckets.size());
        for (long second = from; second < nowSeconds; second++) {
            drain(second);
        }
        expiredThrough = Math.max(expiredThrough, nowSeconds - 1);
    }

    private void drain(long second) {
        List<ByteBuffer> bucket = bucket(second);
        for (ByteBuffer key : bucket) {
            expiries.remove(key, second);
        }
        bucket.clear();
    }

    private void evictSoonest(long nowSeconds) {
        for (long second = nowSeconds; second <= nowSeconds + buckets.size(); second++) {
            List<ByteBuffer> bucket = bucket(second);
            if (!bucket.isEmpty()) {
                int before = expiries.size();
                drain(second);
                evictedEarly += before - expiries.size();
                return;
            }
        }
        throw new IllegalStateException("a full replay cache with no bucket to evict");
    }
}
