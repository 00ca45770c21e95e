package io.lpreg.engine.listener;

import io.lpreg.protocol.wire.ClientHello;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * The ClientHellos (client key, salt) and msg 1 ephemeral keys seen recently, checked when msg 1 arrives and
 * before its DH. E2 relies on the ±30 s window alone (docs/wire-v1.md §5.3), so a captured ClientHello + msg 1
 * could be replayed within it; and XKpsk3's msg 1 ({@code e, es}) does not depend on the hello at all, so
 * one valid msg 1 could be sent behind fresh hellos, each costing the gateway its DHs (issue 22 A1). A
 * legitimate initiator never reuses a hello or an ephemeral key.
 *
 * <p>Built so a flood cannot turn it against the gateway (issue 22 A4): only a msg 1 the crypto budget let
 * through is recorded, so hello-only connections add nothing and inserts are bounded by the budget's msg 1
 * rate; each entry is a 64-bit keyed digest in an open-addressing table of longs, two generations of
 * {@code capacity / 2} entries each, fixed in memory at start. A generation is retired when it is older
 * than the retention or full, so with inserts at or below the rate the capacity was sized from
 * ({@link #capacityFor}), every entry is remembered for the whole retention. Above it, the oldest entries
 * leave early: a replay then costs the gateway one msg 1 and gets no further (msg 3 needs the client's
 * private key), whereas refusing fresh handshakes would turn every legitimate client away.
 */
final class HelloReplayCache {
    /**
     * The least event-loop time one msg 1 takes that passes the budget: the {@code es} and {@code ee} DHs
     * and a share of the ephemeral restock, three X25519s of at least ~30 µs each on the fastest backend.
     */
    static final long MIN_MSG1_NANOS = 100_000;
    private static final byte HELLO = 1;
    private static final byte EPHEMERAL = 2;
    private static final int EPHEMERAL_OFFSET = io.lpreg.protocol.wire.LpPacket.HEADER_SIZE
            + io.lpreg.protocol.wire.LpPacket.TYPE_SIZE;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    });

    private final long retentionMillis;
    private final int perGeneration;
    private final byte[] key = new byte[16];
    private long[] current;
    private long[] previous;
    private int currentSize;
    private int previousSize;
    private long currentSince = Long.MIN_VALUE;

    /**
     * @param tolerance the timestamp tolerance: entries are kept for the whole window, {@code 2 × tolerance + 1}
     * @param capacity how many entries (two per msg 1) fit; memory is 11 to 22 bytes per entry
     */
    HelloReplayCache(Duration tolerance, int capacity) {
        requireNonNull(tolerance, "tolerance is null");
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.retentionMillis = (2 * tolerance.toSeconds() + 1) * 1000;
        this.perGeneration = capacity / 2;
        // load factor at most 3/4 (linear probing stays short); a digest of 0 marks an empty slot
        int slots = Integer.highestOneBit((int) Math.min(1L << 29, perGeneration * 4L / 3 + 1)) << 1;
        this.current = new long[slots];
        this.previous = new long[slots];
        new SecureRandom().nextBytes(key);
    }

    /**
     * Entries for {@code eventLoops} loops whose budget lets new handshakes use {@code share} of each: two per
     * msg 1, at the most msg 1s per second the budget admits, for the timestamp window.
     */
    static int capacityFor(int eventLoops, double share, Duration tolerance) {
        double msg1PerSecond = eventLoops * share * 1e9 / MIN_MSG1_NANOS;
        long entries = (long) Math.ceil(2 * msg1PerSecond * (2 * tolerance.toSeconds() + 1));
        return (int) Math.min(entries, 1 << 26);
    }

    enum Verdict { FRESH, REPLAYED_HELLO, REPLAYED_EPHEMERAL }

    /**
     * Records the hello and msg 1's ephemeral key ({@code msg1} is the packet as received, before any
     * crypto); a verdict other than FRESH means one of them was seen within the retention.
     */
    Verdict record(ClientHello hello, byte[] msg1, Instant now) {
        long helloDigest = digest(HELLO, hello.encode(), 0, ClientHello.SIZE);
        long ephemeralDigest = digest(EPHEMERAL, msg1, EPHEMERAL_OFFSET, 32);
        synchronized (this) {
            rotate(now.toEpochMilli());
            if (contains(helloDigest)) {
                return Verdict.REPLAYED_HELLO;
            }
            if (contains(ephemeralDigest)) {
                return Verdict.REPLAYED_EPHEMERAL;
            }
            insert(helloDigest);
            insert(ephemeralDigest);
            return Verdict.FRESH;
        }
    }

    synchronized int size() {
        return currentSize + previousSize;
    }

    /** Bytes the tables take, fixed at start. */
    long tableBytes() {
        return 2L * current.length * Long.BYTES;
    }

    private long digest(byte domain, byte[] bytes, int offset, int length) {
        MessageDigest sha = SHA256.get();
        sha.update(key);
        sha.update(domain);
        sha.update(bytes, offset, length);
        long digest = ByteBuffer.wrap(sha.digest()).getLong();
        return digest == 0 ? 1 : digest;
    }

    private void rotate(long nowMillis) {
        if (currentSince == Long.MIN_VALUE) {
            currentSince = nowMillis;
        }
        if (nowMillis - currentSince >= retentionMillis || currentSize >= perGeneration) {
            long[] retired = previous;
            previous = current;
            previousSize = currentSize;
            Arrays.fill(retired, 0);
            current = retired;
            currentSize = 0;
            // a generation older than two retentions holds nothing worth keeping
            if (nowMillis - currentSince >= 2 * retentionMillis) {
                Arrays.fill(previous, 0);
                previousSize = 0;
            }
            currentSince = nowMillis;
        }
    }

    private boolean contains(long digest) {
        return find(current, digest) || find(previous, digest);
    }

    private static boolean find(long[] table, long digest) {
        int mask = table.length - 1;
        for (int i = (int) (digest ^ (digest >>> 32)) & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == digest) {
                return true;
            }
            if (slot == 0) {
                return false;
            }
        }
    }

    private void insert(long digest) {
        long[] table = current;
        int mask = table.length - 1;
        for (int i = (int) (digest ^ (digest >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = digest;
                currentSize++;
                return;
            }
        }
    }
}
