package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.lpreg.protocol.noise.Token.E;
import static io.lpreg.protocol.noise.Token.EE;
import static io.lpreg.protocol.noise.Token.ES;
import static io.lpreg.protocol.noise.Token.PSK;
import static io.lpreg.protocol.noise.Token.S;
import static io.lpreg.protocol.noise.Token.SE;
import static io.lpreg.protocol.noise.Token.SS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakePatternTest {
    @Test
    void knowsEveryOneWayFundamentalAndDeferredPatternOfTheSpec() {
        assertThat(HandshakePattern.baseNames()).containsExactly(
                "N", "K", "X",
                "NN", "NK", "NX", "KN", "KK", "KX", "XN", "XK", "XX", "IN", "IK", "IX",
                "NK1", "NX1", "X1N", "X1K", "XK1", "X1K1", "X1X", "XX1", "X1X1",
                "K1N", "K1K", "KK1", "K1K1", "K1X", "KX1", "K1X1",
                "I1N", "I1K", "IK1", "I1K1", "I1X", "IX1", "I1X1");
    }

    @Test
    void parsesXkWithItsResponderStaticPreMessage() throws LpProtocolException {
        HandshakePattern xk = HandshakePattern.parse("XK");

        assertThat(xk.initiatorPreMessage()).isEmpty();
        assertThat(xk.responderPreMessage()).containsExactly(S);
        assertThat(xk.messages()).containsExactly(List.of(E, ES), List.of(E, EE), List.of(S, SE));
        assertThat(xk.isOneWay()).isFalse();
        assertThat(xk.pskCount()).isZero();
    }

    @Test
    void parsesKWithBothPreMessagesAsOneWay() throws LpProtocolException {
        HandshakePattern k = HandshakePattern.parse("K");

        assertThat(k.initiatorPreMessage()).containsExactly(S);
        assertThat(k.responderPreMessage()).containsExactly(S);
        assertThat(k.messages()).containsExactly(List.of(E, ES, SS));
        assertThat(k.isOneWay()).isTrue();
    }

    @Test
    void parsesDeferredX1X1() throws LpProtocolException {
        assertThat(HandshakePattern.parse("X1X1").messages()).containsExactly(
                List.of(E), List.of(E, EE, S), List.of(ES, S), List.of(SE));
    }

    @Test
    void pskNAppendsPskToTheEndOfMessageN() throws LpProtocolException {
        HandshakePattern xkPsk3 = HandshakePattern.parse("XKpsk3");

        assertThat(xkPsk3.name()).isEqualTo("XKpsk3");
        assertThat(xkPsk3.messages()).containsExactly(List.of(E, ES), List.of(E, EE), List.of(S, SE, PSK));
        assertThat(xkPsk3.pskCount()).isEqualTo(1);
    }

    @Test
    void psk0PutsPskAtTheStartOfTheFirstMessage() throws LpProtocolException {
        assertThat(HandshakePattern.parse("NKpsk0").messages().get(0)).containsExactly(PSK, E, ES);
    }

    @Test
    void combinesSeveralPskModifiers() throws LpProtocolException {
        HandshakePattern pattern = HandshakePattern.parse("NNpsk0+psk2");

        assertThat(pattern.messages()).containsExactly(List.of(PSK, E), List.of(E, EE, PSK));
        assertThat(pattern.pskCount()).isEqualTo(2);
    }

    @Test
    void modifiersOnOneWayPatterns() throws LpProtocolException {
        assertThat(HandshakePattern.parse("Xpsk1").messages()).containsExactly(List.of(E, ES, S, SS, PSK));
        assertThat(HandshakePattern.parse("Npsk0+psk1").messages()).containsExactly(List.of(PSK, E, ES, PSK));
    }

    @Test
    void knowsWhichSideNeedsWhichStaticKey() throws LpProtocolException {
        HandshakePattern xk = HandshakePattern.parse("XK");

        assertThat(xk.usesStatic(true)).isTrue();
        assertThat(xk.usesStatic(false)).isTrue();
        assertThat(xk.needsRemoteStaticUpFront(true)).isTrue();
        assertThat(xk.needsRemoteStaticUpFront(false)).isFalse();
        assertThat(HandshakePattern.parse("NN").usesStatic(true)).isFalse();
    }

    @Test
    void patternListsAreImmutable() throws LpProtocolException {
        HandshakePattern nn = HandshakePattern.parse("NN");

        assertThatThrownBy(() -> nn.messages().get(0).add(PSK)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ZZ", "xk", "XK2", "XKpsk", "XKpsk4", "XKpsk01", "XKpsk3+psk3", "XKpsk3+",
            "XKfallback", "XXfallback+psk0", "XK+psk1", "NNpsk-1", "NNpskX", "Npsk2", "XK psk3"})
    void rejectsUnknownPatternsAndModifiersAsMalformed(String name) {
        assertThatThrownBy(() -> HandshakePattern.parse(name))
                .isInstanceOfSatisfying(LpProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(LpError.MALFORMED));
    }
}
