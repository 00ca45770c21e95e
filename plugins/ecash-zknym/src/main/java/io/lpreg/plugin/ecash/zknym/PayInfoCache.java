package io.lpreg.plugin.ecash.zknym;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The pay_infos of accepted spends (Nym's in-memory list in common/credential-verification/src/ecash/mod.rs):
 * a pay_info that comes back with another serial number is a replay. The same pay_info with the same serial is
 * the same spend again, which the engine answers from its ledger (an idempotent retry) or refuses as a double
 * spend itself, so it is not this cache's business.
 *
 * <p>An entry is kept for twice the tolerance from when it was recorded: its timestamp was within the tolerance
 * of that moment, and any spend carrying it is refused as stale once the clock is more than the tolerance past
 * the timestamp, so after that the entry can never match a spend that gets this far. At most
 * {@link #MAX_ENTRIES} are kept (the oldest go first), more accepted spends than a core verifies in a minute.
 */
final class PayInfoCache {
    static final int MAX_ENTRIES = 100_000;

    private record Key(byte[] payInfo) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(payInfo, other.payInfo);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payInfo);
        }
    }

    private record Seen(byte[] serial, Instant recordedAt) {
    }

    private final Duration keptFor;
    /** Insertion order is recording order, so the oldest entries are at the head. */
    private final LinkedHashMap<Key, Seen> seen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    PayInfoCache(Duration tolerance) {
        this.keptFor = requireNonNull(tolerance, "tolerance is null").multipliedBy(2);
    }

    /** True when this pay_info was accepted before with another serial number. */
    boolean seenWithAnotherSerial(byte[] payInfo, byte[] serial, Instant now) {
        synchronized (seen) {
            dropOld(now);
            Seen before = seen.get(new Key(payInfo));
            return before != null && !Arrays.equals(before.serial(), serial);
        }
    }

    /**
     * Records an accepted spend's pay_info; false (and nothing recorded) when another serial number got there
     * first, which a racing spend with the same pay_info can do after both passed {@link #seenWithAnotherSerial}.
     */
    boolean record(byte[] payInfo, byte[] serial, Instant now) {
        synchronized (seen) {
            dropOld(now);
            Key key = new Key(payInfo.clone());
            Seen before = seen.get(key);
            if (before != null) {
                return Arrays.equals(before.serial(), serial);
            }
            seen.put(key, new Seen(serial.clone(), now));
            return true;
        }
    }

    int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    private void dropOld(Instant now) {
        Instant cutoff = now.minus(keptFor);
        Iterator<Seen> oldestFirst = seen.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().recordedAt().isBefore(cutoff)) {
            oldestFirst.remove();
        }
    }
}
