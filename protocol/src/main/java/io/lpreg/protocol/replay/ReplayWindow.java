package io.lpreg.protocol.replay;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.util.Arrays;

/**
 * The 1024-packet replay window of docs/wire-v1.md §8.3 with E2's scalar semantics: {@link #check} before any
 * crypto, {@link #markReceived} after the packet was processed successfully. Counters are unsigned.
 */
public final class ReplayWindow {
    public static final int WINDOW = 1024;
    private static final int WORDS = WINDOW / Long.SIZE;

    private final long[] bitmap = new long[WORDS];
    private long next;
    private long received;

    /** The quick check ({@code will_accept}): refuses a duplicate or a counter too far behind. */
    public void check(long counter) throws LpProtocolException {
        if (Long.compareUnsigned(counter, next) >= 0) {
            return;
        }
        if (tooFarBack(counter)) {
            throw outOfWindow(counter);
        }
        if (isSet(counter)) {
            throw duplicate(counter);
        }
    }

    /** {@code mark_did_receive}: records the counter, sliding the window forward if it is ahead. */
    public void markReceived(long counter) throws LpProtocolException {
        if (tooFarBack(counter)) {
            throw outOfWindow(counter);
        }
        boolean behind = Long.compareUnsigned(counter, next) < 0;
        if (behind && isSet(counter)) {
            throw duplicate(counter);
        }
        long ahead = behind ? 0 : counter - next;
        boolean farAhead = Long.compareUnsigned(ahead, WINDOW) >= 0;
        if (farAhead && isEmpty()) {
            set(counter);
            next = saturatingIncrement(counter);
            received++;
            return;
        }
        if (!behind && ahead > 0) {
            if (farAhead) {
                Arrays.fill(bitmap, 0L);
            } else {
                for (long c = next; c != counter; c++) {
                    clear(c);
                }
            }
        }
        set(counter);
        long candidate = saturatingIncrement(counter);
        if (Long.compareUnsigned(candidate, next) > 0) {
            next = candidate;
        }
        received++;
    }

    /** The next counter expected in sequence. */
    public long next() {
        return next;
    }

    /** How many packets were marked received. */
    public long received() {
        return received;
    }

    // Counters above u64::MAX − 1024 are never "too far back": E2 computes c + 1024 with checked arithmetic.
    private boolean tooFarBack(long counter) {
        if (Long.compareUnsigned(counter, -1L - WINDOW) > 0) {
            return false;
        }
        return Long.compareUnsigned(counter + WINDOW, next) < 0;
    }

    private static long saturatingIncrement(long counter) {
        return counter == -1L ? counter : counter + 1;
    }

    private boolean isEmpty() {
        for (long word : bitmap) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean isSet(long counter) {
        int index = (int) Long.remainderUnsigned(counter, WINDOW);
        return (bitmap[index >>> 6] & (1L << (index & 63))) != 0;
    }

    private void set(long counter) {
        int index = (int) Long.remainderUnsigned(counter, WINDOW);
        bitmap[index >>> 6] |= 1L << (index & 63);
    }

    private void clear(long counter) {
        int index = (int) Long.remainderUnsigned(counter, WINDOW);
        bitmap[index >>> 6] &= ~(1L << (index & 63));
    }

    private static LpProtocolException outOfWindow(long counter) {
        return new LpProtocolException(LpError.OUT_OF_WINDOW,
                "counter " + Long.toUnsignedString(counter) + " is outside the replay window");
    }

    private static LpProtocolException duplicate(long counter) {
        return new LpProtocolException(LpError.REPLAY,
                "counter " + Long.toUnsignedString(counter) + " was already received");
    }
}
