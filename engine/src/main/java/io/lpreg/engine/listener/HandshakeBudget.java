package io.lpreg.engine.listener;

import java.util.function.LongSupplier;

/**
 * The event-loop time new handshakes may spend on crypto (issue 12 §B, progress first). A new handshake's
 * msg 1 costs the gateway its first DH; it may start only while the budget holds time, and what it took is
 * charged afterwards. The budget refills at a fixed share of the event loops' time, so the rest is always
 * there for connections further along (msg 3, the request), which are never charged or refused here. When
 * the budget is spent a new handshake gets a cheap {@code Busy} at once instead of waiting behind an
 * attacker's, and new-handshake crypto cannot pile up on the loops beyond one burst.
 */
final class HandshakeBudget {
    /** New handshakes may use half of every event loop; connections further along keep the rest. */
    static final double DEFAULT_SHARE = 0.5;
    /** The budget holds at most this much event-loop time unused: 100 ms across the loops. */
    static final long DEFAULT_BURST_NANOS_PER_LOOP = 100_000_000L;

    private final double nanosPerNano;
    private final long burstNanos;
    private final LongSupplier clock;
    private long available;
    private long updated;

    /**
     * @param nanosPerSecond event-loop nanoseconds new handshakes may use per second of wall time
     * @param burstNanos the most the budget holds
     * @param clock nanoseconds, {@link System#nanoTime} outside tests
     */
    HandshakeBudget(long nanosPerSecond, long burstNanos, LongSupplier clock) {
        if (nanosPerSecond < 0 || burstNanos <= 0) {
            throw new IllegalArgumentException("the budget's rate must not be negative, its burst positive");
        }
        this.nanosPerNano = nanosPerSecond / 1e9;
        this.burstNanos = burstNanos;
        this.clock = clock;
        this.updated = clock.getAsLong();
        this.available = burstNanos;
    }

    /** The default budget for {@code eventLoops} loops. */
    static HandshakeBudget forEventLoops(int eventLoops) {
        return new HandshakeBudget((long) (eventLoops * DEFAULT_SHARE * 1e9), eventLoops * DEFAULT_BURST_NANOS_PER_LOOP,
                System::nanoTime);
    }

    /** What {@link #begin} answers when the budget is spent. */
    static final long SPENT = Long.MIN_VALUE;

    /** A new handshake's crypto may start: its start time; or {@link #SPENT}. */
    synchronized long begin() {
        long now = clock.getAsLong();
        refill(now);
        return available > 0 ? now : SPENT;
    }

    /** The crypto begun at {@code startedAt} (from {@link #begin}) has ended: charge its time. */
    synchronized void end(long startedAt) {
        long now = clock.getAsLong();
        refill(now);
        // a debt of one burst at most: a stall of the loop must not lock new handshakes out for long
        available = Math.max(-burstNanos, available - (now - startedAt));
    }

    private void refill(long now) {
        available = Math.min(burstNanos, available + (long) ((now - updated) * nanosPerNano));
        updated = now;
    }
}
