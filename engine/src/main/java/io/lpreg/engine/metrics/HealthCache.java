package io.lpreg.engine.metrics;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@code /health}'s report, taken at most once per {@code maxAge} and by one caller at a time (issue 22 A7):
 * the live checks behind it can be costly (a storage round trip, a process spawn with the {@code wg}
 * backend), and the metrics port takes any number of requests. Callers that arrive while a check runs wait
 * for it and share its result. A check that throws is not cached: the next caller tries again.
 */
public final class HealthCache implements Supplier<GatewayHealth> {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    private final Supplier<GatewayHealth> live;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    // a lock rather than synchronized: the metrics server's callers are virtual threads
    private final ReentrantLock checking = new ReentrantLock();
    private volatile GatewayHealth cached;
    private volatile long takenAt;

    public HealthCache(Supplier<GatewayHealth> live, Duration maxAge, LongSupplier nanoTime) {
        this.live = requireNonNull(live, "live is null");
        this.maxAgeNanos = requireNonNull(maxAge, "maxAge is null").toNanos();
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    @Override
    public GatewayHealth get() {
        GatewayHealth report = fresh();
        if (report != null) {
            return report;
        }
        checking.lock();
        try {
            report = fresh();
            if (report == null) {
                report = live.get();
                takenAt = nanoTime.getAsLong();
                cached = report;
            }
            return report;
        } finally {
            checking.unlock();
        }
    }

    private GatewayHealth fresh() {
        GatewayHealth report = cached;
        return report != null && nanoTime.getAsLong() - takenAt < maxAgeNanos ? report : null;
    }
}
