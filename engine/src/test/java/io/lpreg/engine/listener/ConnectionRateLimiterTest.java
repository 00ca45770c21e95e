package io.lpreg.engine.listener;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token bucket per source, on a clock the test moves. */
class ConnectionRateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private ConnectionRateLimiter limiter(int perSecond, int burst, int penalty) {
        return new ConnectionRateLimiter(perSecond, burst, penalty, nanos::get);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static SourceKey source(String address) throws Exception {
        return SourceKey.of(InetAddress.getByName(address));
    }

    @Test
    void aSourceGetsItsBurstThenIsRefusedUntilTheBucketRefills() throws Exception {
        ConnectionRateLimiter limiter = limiter(2, 3, 0);
        SourceKey client = source("192.0.2.1");

        assertThat(limiter.tryAcquire(client)).isTrue();
        assertThat(limiter.tryAcquire(client)).isTrue();
        assertThat(limiter.tryAcquire(client)).isTrue();
        assertThat(limiter.tryAcquire(client)).as("the burst is spent").isFalse();

        advance(Duration.ofMillis(499));
        assertThat(limiter.tryAcquire(client)).as("2/s: not one token after 499 ms").isFalse();
        advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(client)).as("one token after 500 ms").isTrue();
        assertThat(limiter.tryAcquire(client)).isFalse();
    }

    @Test
    void theBucketRefillsNoFurtherThanTheBurst() throws Exception {
        ConnectionRateLimiter limiter = limiter(10, 2, 0);
        SourceKey client = source("192.0.2.1");
        assertThat(limiter.tryAcquire(client)).isTrue();

        advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquire(client)).isTrue();
        assertThat(limiter.tryAcquire(client)).isTrue();
        assertThat(limiter.tryAcquire(client)).as("an idle hour is worth one burst, not 36 000 tokens").isFalse();
    }

    @Test
    void sourcesHaveBucketsOfTheirOwnAndAnIpv6Slash64IsOneSource() throws Exception {
        ConnectionRateLimiter limiter = limiter(1, 1, 0);
        assertThat(limiter.tryAcquire(source("192.0.2.1"))).isTrue();
        assertThat(limiter.tryAcquire(source("192.0.2.1"))).isFalse();
        assertThat(limiter.tryAcquire(source("192.0.2.2"))).as("another /32").isTrue();

        assertThat(limiter.tryAcquire(source("2001:db8:1:2::1"))).isTrue();
        assertThat(limiter.tryAcquire(source("2001:db8:1:2:ffff::9"))).as("same /64").isFalse();
        assertThat(limiter.tryAcquire(source("2001:db8:1:3::1"))).as("another /64").isTrue();
        assertThat(limiter.tryAcquire(source("::ffff:192.0.2.2"))).as("IPv4-mapped counts as its IPv4 address").isFalse();
    }

    @Test
    void aFailedHandshakeCostsItsSourceThePenaltyInTime() throws Exception {
        ConnectionRateLimiter limiter = limiter(1, 5, 3);
        SourceKey attacker = source("198.51.100.7");
        SourceKey bystander = source("198.51.100.8");

        assertThat(limiter.tryAcquire(attacker)).isTrue();
        limiter.penalize(attacker);
        // 5 - 1 - 3 = 1 token left
        assertThat(limiter.tryAcquire(attacker)).isTrue();
        assertThat(limiter.tryAcquire(attacker)).isFalse();
        assertThat(limiter.tryAcquire(bystander)).as("the penalty is the source's alone").isTrue();

        advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire(attacker)).isTrue();
    }

    @Test
    void debtIsBoundedByOneBurst() throws Exception {
        ConnectionRateLimiter limiter = limiter(1, 2, 10);
        SourceKey attacker = source("198.51.100.7");
        for (int i = 0; i < 100; i++) {
            limiter.penalize(attacker);
        }
        // at most -2 tokens: back to one token after three seconds, however many handshakes failed
        advance(Duration.ofMillis(2_999));
        assertThat(limiter.tryAcquire(attacker)).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(attacker)).isTrue();
    }

    @Test
    void noPenaltyLeavesTheBucketAlone() throws Exception {
        ConnectionRateLimiter limiter = limiter(1, 1, 0);
        SourceKey client = source("192.0.2.1");
        limiter.penalize(client);
        assertThat(limiter.trackedSources()).isZero();
        assertThat(limiter.tryAcquire(client)).isTrue();
    }

    @Test
    void fullBucketsAreDroppedOnTheNextSweepAndOthersKept() throws Exception {
        ConnectionRateLimiter limiter = limiter(1, 2, 0);
        for (int i = 1; i <= 50; i++) {
            assertThat(limiter.tryAcquire(source("192.0.2." + i))).isTrue();
        }
        SourceKey busy = source("203.0.113.1");
        advance(Duration.ofSeconds(11));
        assertThat(limiter.tryAcquire(busy)).isTrue();
        assertThat(limiter.tryAcquire(busy)).isTrue();
        assertThat(limiter.trackedSources()).isEqualTo(51);

        limiter.sweep();
        assertThat(limiter.trackedSources()).as("the 50 idle sources were full again and are forgotten").isEqualTo(1);
        assertThat(limiter.tryAcquire(busy)).as("a swept source is not reset: the busy one stays spent").isFalse();
    }

    @Test
    void theAcceptPathNeverSweeps() throws Exception {
        ConnectionRateLimiter limiter = limiter(1, 2, 0);
        for (int i = 1; i <= 50; i++) {
            assertThat(limiter.tryAcquire(source("192.0.2." + i))).isTrue();
        }
        advance(Duration.ofMinutes(5));

        assertThat(limiter.tryAcquire(source("203.0.113.1"))).isTrue();

        assertThat(limiter.trackedSources()).as("the sweep runs on a timer of its own, not in tryAcquire")
                .isEqualTo(51);
    }

    @Test
    void bucketsStopAtTheirCapAndANewSourceIsRefusedUntilASweepMakesRoom() throws Exception {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(1, 2, 0, 3, nanos::get);
        assertThat(limiter.tryAcquire(source("192.0.2.1"))).isTrue();
        assertThat(limiter.tryAcquire(source("192.0.2.2"))).isTrue();
        assertThat(limiter.tryAcquire(source("192.0.2.3"))).isTrue();

        assertThat(limiter.tryAcquire(source("192.0.2.4"))).as("no room for a fourth bucket").isFalse();
        limiter.penalize(source("192.0.2.5"));
        assertThat(limiter.trackedSources()).isEqualTo(3);
        assertThat(limiter.tryAcquire(source("192.0.2.1"))).as("a tracked source keeps its bucket").isTrue();

        advance(Duration.ofSeconds(2));
        limiter.sweep();
        assertThat(limiter.tryAcquire(source("192.0.2.4"))).as("the sweep made room").isTrue();
    }

    @Test
    void aRateThatCannotRefillIsRefusedAtConstruction() {
        assertThatThrownBy(() -> limiter(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
