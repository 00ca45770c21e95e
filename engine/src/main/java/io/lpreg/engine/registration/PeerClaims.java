package io.lpreg.engine.registration;

import io.lpreg.spi.WireGuardKey;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who is changing a WireGuard peer right now. A registration claims its key from before it touches the
 * interface until its transaction committed or was compensated; the meter claims a key while it removes
 * it. A claim excludes other claims of the same key, so the meter never removes a peer that a concurrent
 * top-up has just paid for, and the meter never takes a claimed peer for a stranger.
 */
public final class PeerClaims {
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final Map<WireGuardKey, Integer> claimed = new ConcurrentHashMap<>();

    public PeerClaims() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Waits for other claims of the key to end, then holds it until {@link Claim#close()}. */
    Claim claim(WireGuardKey key) {
        claimed.merge(key, 1, Integer::sum);
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        return () -> {
            lock.unlock();
            claimed.computeIfPresent(key, (ignored, count) -> count == 1 ? null : count - 1);
        };
    }

    /** True while a registration (or the meter) holds or waits for the key. */
    boolean isClaimed(WireGuardKey key) {
        return claimed.containsKey(key);
    }

    interface Claim extends AutoCloseable {
        @Override
        void close();
    }
}
