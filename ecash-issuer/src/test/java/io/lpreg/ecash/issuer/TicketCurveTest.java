package io.lpreg.ecash.issuer;

import org.junit.jupiter.api.Test;
import supranational.blst.P1;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketCurveTest {
    @Test
    void acceptsAPointOfTheSubgroup() throws Exception {
        byte[] generator = P1.generator().compress();

        assertThat(TicketCurve.g1(generator, "sigma").compress()).isEqualTo(generator);
    }

    @Test
    void refusesTheIdentity() {
        assertThatThrownBy(() -> TicketCurve.g1(MalformedPoints.infinity(), "sigma"))
                .isInstanceOfSatisfying(InvalidPointException.class,
                        e -> assertThat(e.problem()).isEqualTo(InvalidPointException.Problem.INFINITY))
                .hasMessage("sigma is the point at infinity");
    }

    @Test
    void refusesAnXWithoutAPointOnTheCurve() {
        assertThatThrownBy(() -> TicketCurve.g1(MalformedPoints.notOnCurve(), "sigma"))
                .isInstanceOfSatisfying(InvalidPointException.class,
                        e -> assertThat(e.problem()).isEqualTo(InvalidPointException.Problem.NOT_ON_CURVE))
                .hasMessage("sigma is not on the curve");
    }

    @Test
    void refusesAPointOnTheCurveOutsideTheSubgroup() {
        assertThatThrownBy(() -> TicketCurve.g1(MalformedPoints.notInSubgroup(), "sigma"))
                .isInstanceOfSatisfying(InvalidPointException.class,
                        e -> assertThat(e.problem()).isEqualTo(InvalidPointException.Problem.NOT_IN_SUBGROUP))
                .hasMessage("sigma is not in the prime-order subgroup");
    }

    @Test
    void refusesUncompressedAndWrongLengthEncodings() {
        byte[] generator = P1.generator().compress();
        for (byte[] bad : new byte[][] {MalformedPoints.uncompressedFlag(generator), Arrays.copyOf(generator, 47),
                P1.generator().serialize()}) {
            assertThatThrownBy(() -> TicketCurve.g1(bad, "sigma"))
                    .isInstanceOfSatisfying(InvalidPointException.class,
                            e -> assertThat(e.problem()).isEqualTo(InvalidPointException.Problem.ENCODING));
        }
    }

    @Test
    void refusesG2KeysThatAreTheIdentity() {
        byte[] identity = new byte[96];
        identity[0] = (byte) 0xc0;

        assertThatThrownBy(() -> TicketCurve.g2(identity, "verification key"))
                .hasMessage("verification key is the point at infinity");
    }
}
