package io.lpreg.crypto.libsodium;

import io.lpreg.protocol.crypto.BouncyCastleX25519;
import io.lpreg.protocol.crypto.X25519Backend;
import io.lpreg.protocol.crypto.X25519Backends;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.SymbolLookup;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LibsodiumX25519Test {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final X25519Backend LIBSODIUM = new LibsodiumX25519();
    private static final X25519Backend BOUNCY_CASTLE = new BouncyCastleX25519();

    @Test
    void isTheBackendThisTestRunSelected() {
        // surefire sets lpreg.x25519=libsodium, so the protocol suites run in this module ran on it
        assertThat(X25519Backends.active().name()).isEqualTo(LibsodiumX25519.NAME);
        assertThat(X25519Backends.selection().summary()).startsWith("X25519 backend: libsodium 1.0.");
        assertThat(X25519Backends.available()).extracting(X25519Backend::name)
                .contains(LibsodiumX25519.NAME).last().isEqualTo(BouncyCastleX25519.NAME);
    }

    @Property(tries = 300)
    void agreesWithBouncyCastleOnAnyScalarAndAnyU(@ForAll @Size(32) byte[] scalar, @ForAll @Size(32) byte[] u) {
        assertThat(multiply(LIBSODIUM, scalar, u)).isEqualTo(multiply(BOUNCY_CASTLE, scalar, u));
    }

    @Property(tries = 100)
    void agreesWithBouncyCastleOnTheBasePoint(@ForAll @Size(32) byte[] scalar) {
        byte[] native_ = new byte[32];
        byte[] portable = new byte[32];
        LIBSODIUM.scalarMultBase(scalar, native_);
        BOUNCY_CASTLE.scalarMultBase(scalar, portable);
        assertThat(native_).isEqualTo(portable);
    }

    @Property(tries = 50)
    void lowOrderAndNonCanonicalPointsGiveTheSameResultAsBouncyCastle(@ForAll @Size(32) byte[] scalar) {
        for (byte[] u : lowOrderAndEdgePoints()) {
            byte[] expected = multiply(BOUNCY_CASTLE, scalar, u);
            assertThat(multiply(LIBSODIUM, scalar, u)).as(HexFormat.of().formatHex(u)).isEqualTo(expected);
        }
    }

    @Test
    void lowOrderPointsGiveAllZerosNotAnError() {
        byte[] scalar = HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] orderEight = HexFormat.of().parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
        for (byte[] u : List.of(new byte[32], littleEndian(BigInteger.ONE), orderEight)) {
            byte[] out = new byte[32];
            out[0] = 7;
            LIBSODIUM.scalarMult(scalar, u, out);
            assertThat(out).isEqualTo(new byte[32]);
        }
    }

    @Test
    void refusesArraysOfTheWrongLengthBeforeCallingC() {
        assertThatThrownBy(() -> LIBSODIUM.scalarMult(new byte[31], new byte[32], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LIBSODIUM.scalarMultBase(new byte[32], new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheBundledLibraryForEachPlatformLazysodiumShips() {
        assertThat(BundledLibsodium.resourceFor("Linux", "amd64")).isEqualTo("linux64/libsodium.so");
        assertThat(BundledLibsodium.resourceFor("Linux", "aarch64")).isEqualTo("arm64/libsodium.so");
        assertThat(BundledLibsodium.resourceFor("Mac OS X", "aarch64")).isEqualTo("mac_arm/libsodium.dylib");
        assertThat(BundledLibsodium.resourceFor("Windows 11", "amd64")).isEqualTo("windows64/libsodium.dll");
        assertThatThrownBy(() -> BundledLibsodium.resourceFor("SunOS", "sparcv9"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SunOS");
    }

    @Test
    void leavesNoCopyOfTheLibraryBehindOnceLoaded(@TempDir Path temporaryRoot) {
        String resource = BundledLibsodium.resourceFor(System.getProperty("os.name"), System.getProperty("os.arch"));
        SymbolLookup symbols = BundledLibsodium.load(resource, temporaryRoot);
        assertThat(symbols.find("crypto_scalarmult_curve25519")).isPresent();
        assertThat(temporaryRoot).isEmptyDirectory();
    }

    /** 0, 1, the order-8 points, p-1, and their encodings ≥ p and with the top bit set (RFC 7748 §5 masks it). */
    private static List<byte[]> lowOrderAndEdgePoints() {
        List<BigInteger> values = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE),
                new BigInteger(1, reversed(HexFormat.of().parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"))),
                new BigInteger(1, reversed(HexFormat.of().parseHex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157")))));
        List<byte[]> points = new ArrayList<>();
        for (BigInteger value : values) {
            points.add(littleEndian(value));
            if (value.add(P).bitLength() <= 255) {
                points.add(littleEndian(value.add(P)));
            }
            byte[] topBit = littleEndian(value);
            topBit[31] |= (byte) 0x80;
            points.add(topBit);
        }
        return points;
    }

    private static byte[] multiply(X25519Backend backend, byte[] scalar, byte[] u) {
        byte[] out = new byte[32];
        backend.scalarMult(scalar, u, out);
        return out;
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] out = new byte[32];
        byte[] big = value.toByteArray();
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
