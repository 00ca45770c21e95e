package io.lpreg.engine.listener;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * Sources that registered successfully recently (issue 22 A2; a handshake alone does not prove a source,
 * since a flood of real handshakes costs an attacker nothing it cannot repeat): a fixed table of keyed 64-bit tags, one slot per
 * tag, so its memory is fixed however many sources prove themselves. A newcomer that lands on an occupied
 * slot takes it; the source it displaces is merely no longer preferred. The key (a random seed) keeps an
 * attacker from choosing addresses that collide with a proven source's tag.
 */
final class ProvenSources {
    private static final int SLOTS = 1 << 16;

    private final long seed = new SecureRandom().nextLong();
    private final long[] tags = new long[SLOTS];
    private final long[] provenAt = new long[SLOTS];
    private final long windowNanos;

    ProvenSources(Duration window) {
        this.windowNanos = window.toNanos();
    }

    synchronized void record(SourceKey source, long now) {
        long tag = tag(source);
        int slot = (int) (tag >>> 48) & (SLOTS - 1);
        tags[slot] = tag;
        provenAt[slot] = now;
    }

    synchronized boolean contains(SourceKey source, long now) {
        long tag = tag(source);
        int slot = (int) (tag >>> 48) & (SLOTS - 1);
        return tags[slot] == tag && now - provenAt[slot] <= windowNanos;
    }

    /** Never 0, the empty slot's tag. */
    private long tag(SourceKey source) {
        long h = seed ^ (source.high() * 0x9E3779B97F4A7C15L) ^ (source.low() * 0xC2B2AE3D27D4EB4FL)
                ^ ((long) source.bits() << 1) ^ (source.ipv6() ? 1 : 0);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h | 1;
    }
}
