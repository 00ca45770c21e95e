package io.lpreg.protocol.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class X25519BackendsTest {
    /** Sees no META-INF/services at all, as a class path without crypto-libsodium. */
    private static final ClassLoader NO_PROVIDERS = new ClassLoader(null) {
    };

    @Test
    void fallsBackToBouncyCastleWhenNoNativeBackendIsOnTheClassPath() {
        X25519Backends.Selection selection = X25519Backends.select("auto", NO_PROVIDERS);
        assertThat(selection.backend()).isInstanceOf(BouncyCastleX25519.class);
        assertThat(selection.degraded()).isFalse();
        assertThat(selection.summary()).isEqualTo("X25519 backend: bouncycastle (pure Java); not used: no native backend on the class path");
    }

    @Test
    void aBackendThatCannotLoadFallsBackToBouncyCastleAndSaysWhy(@TempDir Path directory) throws IOException {
        ClassLoader loader = servicesOnly(directory, UnloadableBackend.class, WrongBackend.class);

        X25519Backends.Selection selection = X25519Backends.select("auto", loader);

        assertThat(selection.backend()).isInstanceOf(BouncyCastleX25519.class);
        assertThat(selection.degraded()).isTrue();
        assertThat(selection.refused()).hasSize(2);
        assertThat(selection.refused().get(0)).contains("no libsodium for this platform");
        assertThat(selection.refused().get(1)).startsWith("wrong failed its self-test");
        assertThat(selection.summary()).startsWith("X25519 backend: bouncycastle (pure Java); not used: ");
    }

    @Test
    void aBackendThatLoadsAndPassesIsChosenOverBouncyCastle(@TempDir Path directory) throws IOException {
        X25519Backends.Selection selection = X25519Backends.select("auto", servicesOnly(directory, RenamedBouncyCastle.class));

        assertThat(selection.backend()).isInstanceOf(RenamedBouncyCastle.class);
        assertThat(selection.refused()).isEmpty();
        assertThat(selection.summary()).isEqualTo("X25519 backend: renamed");
    }

    @Test
    void aNamedBackendThatDoesNotLoadIsAnErrorNotAFallback() {
        assertThatThrownBy(() -> X25519Backends.select("libsodium", NO_PROVIDERS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lpreg.x25519=libsodium");
    }

    /** A loader whose META-INF/services lists exactly these providers (classes come from the test class path). */
    private static ClassLoader servicesOnly(Path directory, Class<?>... providers) throws IOException {
        Path services = directory.resolve("META-INF/services/" + X25519Backend.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", Arrays.stream(providers).map(Class::getName).toList()) + "\n");
        URL url = services.toUri().toURL();
        return new ClassLoader(X25519BackendsTest.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals("META-INF/services/" + X25519Backend.class.getName())
                        ? Collections.enumeration(List.of(url)) : super.getResources(name);
            }
        };
    }

    public static final class UnloadableBackend extends RenamedBouncyCastle {
        public UnloadableBackend() {
            throw new UnsupportedOperationException("no libsodium for this platform");
        }
    }

    public static final class WrongBackend extends RenamedBouncyCastle {
        @Override
        public String name() {
            return "wrong";
        }

        @Override
        public void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret) {
            super.scalarMult(privateKey, publicKey, sharedSecret);
            sharedSecret[0] ^= 1;
        }
    }

    public static class RenamedBouncyCastle implements X25519Backend {
        private final BouncyCastleX25519 delegate = new BouncyCastleX25519();

        @Override
        public String name() {
            return "renamed";
        }

        @Override
        public void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret) {
            delegate.scalarMult(privateKey, publicKey, sharedSecret);
        }

        @Override
        public void scalarMultBase(byte[] privateKey, byte[] publicKey) {
            delegate.scalarMultBase(privateKey, publicKey);
        }
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
