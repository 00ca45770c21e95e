package io.lpreg.protocol.crypto;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class X25519BackendsTest {
    @Test
    void fallsBackToBouncyCastleWhenNoNativeBackendIsOnTheClassPath() {
        X25519Backends.Selection selection = X25519Backends.select("auto");
        assertThat(selection.backend()).isInstanceOf(BouncyCastleX25519.class);
        assertThat(selection.degraded()).isFalse();
        assertThat(selection.summary()).isEqualTo("X25519 backend: bouncycastle (pure Java); not used: no native backend on the class path");
    }

    @Test
    void aNamedBackendThatDoesNotLoadIsAnErrorNotAFallback() {
        assertThatThrownBy(() -> X25519Backends.select("libsodium"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lpreg.x25519=libsodium");
    }

    @Test
    void bouncyCastlePassesTheSelfTest() {
        assertThat(X25519Backends.selfTestFailure(new BouncyCastleX25519())).isNull();
    }

    @Test
    void theSelfTestRefusesABackendThatErrsOnLowOrderPoints() {
        X25519Backend refusesZero = new X25519Backend() {
            private final BouncyCastleX25519 delegate = new BouncyCastleX25519();

            @Override
            public String name() {
                return "strict";
            }

            @Override
            public void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret) {
                delegate.scalarMult(privateKey, publicKey, sharedSecret);
                if (Arrays.equals(sharedSecret, new byte[32])) {
                    throw new IllegalArgumentException("low-order point");
                }
            }

            @Override
            public void scalarMultBase(byte[] privateKey, byte[] publicKey) {
                delegate.scalarMultBase(privateKey, publicKey);
            }
        };
        assertThat(X25519Backends.selfTestFailure(refusesZero)).contains("low-order point");
    }

    @Test
    void theSelfTestRefusesABackendThatDoesNotMaskTheTopBitOfU() {
        X25519Backend unmasked = new X25519Backend() {
            private final BouncyCastleX25519 delegate = new BouncyCastleX25519();

            @Override
            public String name() {
                return "unmasked";
            }

            @Override
            public void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret) {
                byte[] u = publicKey.clone();
                if ((u[31] & 0x80) != 0) {
                    u[0] ^= 1;   // stands in for arithmetic on the unmasked value
                }
                delegate.scalarMult(privateKey, u, sharedSecret);
            }

            @Override
            public void scalarMultBase(byte[] privateKey, byte[] publicKey) {
                delegate.scalarMultBase(privateKey, publicKey);
            }
        };
        assertThat(X25519Backends.selfTestFailure(unmasked)).isNotNull();
    }
}
