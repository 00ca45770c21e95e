package io.lpreg.engine.listener;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Each source's share of the registration workers and their queue (issue 22 A6): a source (/32 or /64) may
 * have at most {@code perSource} registrations handed to the workers and not yet answered, so that one source
 * cannot fill the queue and have every other source's requests answered "overloaded".
 */
final class RegistrationShares {
    /** A source may hold an eighth of the workers and their queue. */
    static final int SHARE_DIVISOR = 8;

    private final int perSource;
    private final Map<SourceKey, Integer> pending = new HashMap<>();

    RegistrationShares(int perSource) {
        if (perSource <= 0) {
            throw new IllegalArgumentException("a source's share must be positive");
        }
        this.perSource = perSource;
    }

    /** No share smaller than everything: a handler tested alone. */
    static RegistrationShares unlimited() {
        return new RegistrationShares(Integer.MAX_VALUE);
    }

    /** An eighth of what {@code workers} can hold (its threads and queue), if it tells; else unlimited. */
    static RegistrationShares of(ExecutorService workers) {
        if (workers instanceof ThreadPoolExecutor pool) {
            long capacity = (long) pool.getMaximumPoolSize() + pool.getQueue().size() + pool.getQueue().remainingCapacity();
            return new RegistrationShares((int) Math.max(1, Math.min(Integer.MAX_VALUE, capacity / SHARE_DIVISOR)));
        }
        return unlimited();
    }

    int perSource() {
        return perSource;
    }

    /** One more registration of {@code source}'s may be handed to the workers; false when its share is used. */
    synchronized boolean tryBegin(SourceKey source) {
        if (source == null) {
            return true;
        }
        int current = pending.getOrDefault(source, 0);
        if (current >= perSource) {
            return false;
        }
        pending.put(source, current + 1);
        return true;
    }

    /** A registration begun with {@link #tryBegin} has ended. */
    synchronized void end(SourceKey source) {
        if (source != null) {
            pending.computeIfPresent(source, (key, count) -> count <= 1 ? null : count - 1);
        }
    }
}
