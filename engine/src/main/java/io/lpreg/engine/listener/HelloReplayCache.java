package io.lpreg.engine.listener;

import io.lpreg.protocol.wire.ClientHello;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The (client key, salt) pairs seen while they could still pass the timestamp check. E2 relies on the
 * ±30 s window alone (LP-WIRE.md §A.2.4), so a captured ClientHello + msg1 could be replayed within it;
 * remembering each pair until its timestamp leaves the window closes that.
 */
final class HelloReplayCache {
    private final Duration tolerance;
    private final int capacity;
    private final Map<ByteBuffer, Long> expiries = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();

    HelloReplayCache(Duration tolerance, int capacity) {
        this.tolerance = requireNonNull(tolerance, "tolerance is null");
        this.capacity = capacity;
    }

    enum Verdict { FRESH, REPLAYED, FULL }

    /** Records the hello; REPLAYED if it was seen before, FULL if the cache cannot hold it. */
    Verdict record(ClientHello hello, Instant now) {
        long nowSeconds = now.getEpochSecond();
        sweepIfDue(nowSeconds);
        if (expiries.size() >= capacity) {
            sweep(nowSeconds);
            if (expiries.size() >= capacity) {
                return Verdict.FULL;
            }
        }
        // Passing the check needs |now − ts| ≤ tolerance, so after ts + tolerance the hello is dead anyway.
        long expiry = Math.max(hello.timestamp(), nowSeconds) + tolerance.toSeconds() + 1;
        boolean[] replayed = {false};
        expiries.compute(key(hello), (key, previous) -> {
            if (previous != null && previous >= nowSeconds) {
                replayed[0] = true;
                return previous;
            }
            return expiry;
        });
        return replayed[0] ? Verdict.REPLAYED : Verdict.FRESH;
    }

    int size() {
        return expiries.size();
    }

    private void sweepIfDue(long nowSeconds) {
        long due = nextSweep.get();
        if (nowSeconds >= due && nextSweep.compareAndSet(due, nowSeconds + 1)) {
            sweep(nowSeconds);
        }
    }

    private void sweep(long nowSeconds) {
        Iterator<Long> values = expiries.values().iterator();
        while (values.hasNext()) {
            if (values.next() < nowSeconds) {
                values.remove();
            }
        }
    }

    private static ByteBuffer key(ClientHello hello) {
        return ByteBuffer.wrap(hello.encode());
    }
}
