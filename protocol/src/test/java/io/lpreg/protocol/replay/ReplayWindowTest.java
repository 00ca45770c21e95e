package io.lpreg.protocol.replay;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LP-WIRE.md §A.5.3 and the behavioural vectors of §A.12.6. */
class ReplayWindowTest {
    private final ReplayWindow window = new ReplayWindow();

    @Test
    void sequentialCountersAreAcceptedAndARepeatIsADuplicate() throws Exception {
        window.markReceived(0);
        window.markReceived(1);
        window.markReceived(2);
        assertRefused(() -> window.markReceived(1), LpError.REPLAY);
        assertRefused(() -> window.check(1), LpError.REPLAY);
        assertThat(window.next()).isEqualTo(3);
        assertThat(window.received()).isEqualTo(3);
    }

    @Test
    void skippedCountersBehindTheNewestStayAcceptable() throws Exception {
        window.markReceived(0);
        window.markReceived(1);
        window.markReceived(2);
        window.markReceived(10);
        assertThat(window.next()).isEqualTo(11);
        window.check(9);
        window.check(8);
        assertRefused(() -> window.check(10), LpError.REPLAY);
        window.markReceived(9);
        assertRefused(() -> window.check(9), LpError.REPLAY);
    }

    @Test
    void aCounterMoreThanTheWindowBehindIsOutOfWindow() throws Exception {
        window.markReceived(2000);
        window.check(2001 - 1024);
        assertRefused(() -> window.check(2000 - 1024), LpError.OUT_OF_WINDOW);
        assertRefused(() -> window.markReceived(2000 - 1024), LpError.OUT_OF_WINDOW);
    }

    @Test
    void jumpingAheadClearsTheBitsOfTheSkippedCounters() throws Exception {
        for (int c = 0; c < 1024; c++) {
            window.markReceived(c);
        }
        // Bits are reused modulo 1024: moving to 1030 must forget 1024..1029's slots (old 0..5).
        window.markReceived(1030);
        for (int c = 1024; c < 1030; c++) {
            window.check(c);
        }
        assertRefused(() -> window.check(1030), LpError.REPLAY);
        assertRefused(() -> window.check(1023), LpError.REPLAY);
    }

    @Test
    void aJumpOfAWholeWindowResetsTheBitmap() throws Exception {
        window.markReceived(0);
        window.markReceived(5000);
        assertThat(window.next()).isEqualTo(5001);
        window.check(4999);
        assertRefused(() -> window.check(5000), LpError.REPLAY);
    }

    @Test
    void countersNearTheTopOfTheRangeAreNeverTooFarBack() throws Exception {
        window.markReceived(-2L);
        assertThat(window.next()).isEqualTo(-1L);
        window.check(-1L - 1000);
        assertRefused(() -> window.check(-2L), LpError.REPLAY);
    }

    private static void assertRefused(ThrowingRunnable action, LpError expected) {
        assertThatThrownBy(action::run)
                .isInstanceOf(LpProtocolException.class)
                .extracting(e -> ((LpProtocolException) e).error())
                .isEqualTo(expected);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
