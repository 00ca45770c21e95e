package io.lpreg.engine.listener;

import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.wire.ClientHello;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay cache of hellos and msg 1 ephemerals: compact, bounded, and remembering for the whole window. */
class HelloReplayCacheTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final Duration TOLERANCE = TimestampWindow.DEFAULT_TOLERANCE;

    private static ClientHello hello() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        return new ClientHello(key, ClientHello.salt(NOW.getEpochSecond(), nonce));
    }

    private static byte[] msg1() {
        byte[] packet = new byte[34 + 48];
        RANDOM.nextBytes(packet);
        return packet;
    }

    /** Issue 22 A4: sized from the budget's msg 1 rate × the window, in tens of megabytes, not hundreds. */
    @Test
    void twoEventLoopsGetTheRateTimesTheWindowInAboutSixteenMegabytes() {
        int capacity = HelloReplayCache.capacityFor(2, HandshakeBudget.DEFAULT_SHARE, TOLERANCE);
        assertThat(capacity).as("2 × (2 loops × 0.5 / 100 µs) msg 1/s × 61 s").isEqualTo(2 * 10_000 * 61);

        assertThat(new HelloReplayCache(TOLERANCE, capacity).tableBytes()).isEqualTo(16L << 20);
    }

    @Test
    void aRepeatedEphemeralIsRefusedBehindAFreshHelloUntilTheWindowHasPassed() {
        HelloReplayCache cache = new HelloReplayCache(TOLERANCE, 1000);
        byte[] msg1 = msg1();
        assertThat(cache.record(hello(), msg1, NOW)).isEqualTo(HelloReplayCache.Verdict.FRESH);

        assertThat(cache.record(hello(), msg1, NOW.plusSeconds(60))).isEqualTo(HelloReplayCache.Verdict.REPLAYED_EPHEMERAL);
        assertThat(cache.record(hello(), msg1, NOW.plusSeconds(61 * 2 + 1))).isEqualTo(HelloReplayCache.Verdict.FRESH);
    }

    @Test
    void aRepeatedHelloIsRefusedWithAFreshEphemeral() {
        HelloReplayCache cache = new HelloReplayCache(TOLERANCE, 1000);
        ClientHello hello = hello();
        cache.record(hello, msg1(), NOW);

        assertThat(cache.record(hello, msg1(), NOW.plusSeconds(30))).isEqualTo(HelloReplayCache.Verdict.REPLAYED_HELLO);
    }

    @Test
    void aFloodBeyondTheCapacityDropsTheOldestWithoutGrowing() {
        HelloReplayCache cache = new HelloReplayCache(TOLERANCE, 1000);
        long bytes = cache.tableBytes();
        byte[] first = msg1();
        cache.record(hello(), first, NOW);
        for (int i = 0; i < 10_000; i++) {
            assertThat(cache.record(hello(), msg1(), NOW)).isEqualTo(HelloReplayCache.Verdict.FRESH);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(1002);
        assertThat(cache.tableBytes()).isEqualTo(bytes);
        assertThat(cache.record(hello(), first, NOW)).as("evicted early, as the capacity bounds it")
                .isEqualTo(HelloReplayCache.Verdict.FRESH);
    }

    @Test
    void theLatestEntriesUpToHalfTheCapacityAreAlwaysRemembered() {
        HelloReplayCache cache = new HelloReplayCache(TOLERANCE, 1000);
        for (int i = 0; i < 777; i++) {
            cache.record(hello(), msg1(), NOW);
        }
        byte[][] recent = new byte[250][];
        for (int i = 0; i < recent.length; i++) {
            recent[i] = msg1();
            cache.record(hello(), recent[i], NOW);
        }

        for (byte[] msg1 : recent) {
            assertThat(cache.record(hello(), msg1, NOW)).isEqualTo(HelloReplayCache.Verdict.REPLAYED_EPHEMERAL);
        }
    }
}
