package io.lpreg.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ±30 s window of LP-WIRE.md §A.2.4, with E2's handler tests as vectors (§A.12.6). */
class TimestampWindowTest {
    private static final long NOW = 1_762_819_200L;
    private final TimestampWindow window = TimestampWindow.defaults();

    @Test
    void acceptsUpToTheToleranceInclusive() {
        for (long ts : new long[] {NOW, NOW - 10, NOW + 10, NOW - 30, NOW + 30}) {
            assertThatCode(() -> window.check(ts, NOW, "test")).doesNotThrowAnyException();
        }
    }

    @Test
    void refusesOlderAsStaleAndNewerAsFuture() {
        assertThatThrownBy(() -> window.check(NOW - 31, NOW, "test")).hasMessageContaining("too old")
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.STALE_TIMESTAMP);
        assertThatThrownBy(() -> window.check(NOW - 60, NOW, "test"))
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.STALE_TIMESTAMP);
        assertThatThrownBy(() -> window.check(NOW + 60, NOW, "test")).hasMessageContaining("future")
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.FUTURE_TIMESTAMP);
    }

    @Test
    void anUnsignedTimestampAboveTwoToThe63IsInTheFuture() {
        assertThatThrownBy(() -> window.check(-1L, NOW, "test"))
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.FUTURE_TIMESTAMP);
    }

    @Test
    void toleranceIsConfigurable() {
        TimestampWindow narrow = new TimestampWindow(Duration.ofSeconds(5));
        assertThatCode(() -> narrow.check(NOW - 5, NOW, "test")).doesNotThrowAnyException();
        assertThatThrownBy(() -> narrow.check(NOW - 6, NOW, "test")).isInstanceOf(LpProtocolException.class);
    }
}
