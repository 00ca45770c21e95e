package io.lpreg.crypto.libsodium;

import io.lpreg.protocol.crypto.X25519Backend;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * X25519 on the libsodium bundled in lazysodium-java's jar, called through the JDK's FFM API. The calls
 * are "critical" (FFM's {@link Linker.Option#critical(boolean)}): the Java arrays are handed to C as they
 * are, with no copy and no thread-state transition, since one multiplication is tens of microseconds and
 * never blocks.
 */
public final class LibsodiumX25519 implements X25519Backend {
    public static final String NAME = "libsodium";

    private final MethodHandle scalarMult;
    private final MethodHandle scalarMultBase;
    private final String version;

    /**
     * Loads the library (once per process) and binds to it; throws why it cannot. {@link java.util.ServiceLoader}
     * calls this on the class path, where a provider needs a public no-argument constructor.
     */
    public LibsodiumX25519() {
        this(Library.SYMBOLS);
    }

    private LibsodiumX25519(SymbolLookup library) {
        Linker linker = Linker.nativeLinker();
        MethodHandle init = linker.downcallHandle(find(library, "sodium_init"), FunctionDescriptor.of(JAVA_INT));
        MethodHandle versionString = linker.downcallHandle(find(library, "sodium_version_string"), FunctionDescriptor.of(ADDRESS));
        Linker.Option critical = Linker.Option.critical(true);
        this.scalarMult = linker.downcallHandle(find(library, "crypto_scalarmult_curve25519"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), critical);
        this.scalarMultBase = linker.downcallHandle(find(library, "crypto_scalarmult_curve25519_base"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), critical);
        try {
            // 0 = initialised now, 1 = already; -1 = failure (libsodium's docs, sodium_init)
            if ((int) init.invokeExact() < 0) {
                throw new IllegalStateException("sodium_init failed");
            }
            this.version = ((MemorySegment) versionString.invokeExact()).reinterpret(64).getString(0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libsodium did not initialise", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return NAME + " " + version + " (bundled, FFM)";
    }

    @Override
    public void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret) {
        check(privateKey, publicKey, sharedSecret);
        int result;
        try {
            result = (int) scalarMult.invokeExact(MemorySegment.ofArray(sharedSecret), MemorySegment.ofArray(privateKey),
                    MemorySegment.ofArray(publicKey));
        } catch (Throwable e) {
            throw new IllegalStateException("crypto_scalarmult_curve25519 failed", e);
        }
        if (result != 0) {
            // libsodium refuses low-order points (-1), leaving the output unwritten on some code paths; the
            // seam's contract is the raw RFC 7748 result, which for such a point is all zeros.
            Arrays.fill(sharedSecret, (byte) 0);
        }
    }

    @Override
    public void scalarMultBase(byte[] privateKey, byte[] publicKey) {
        check(privateKey, publicKey, publicKey);
        int result;
        try {
            result = (int) scalarMultBase.invokeExact(MemorySegment.ofArray(publicKey), MemorySegment.ofArray(privateKey));
        } catch (Throwable e) {
            throw new IllegalStateException("crypto_scalarmult_curve25519_base failed", e);
        }
        if (result != 0) {
            throw new IllegalStateException("crypto_scalarmult_curve25519_base refused a clamped scalar");
        }
    }

    private static void check(byte[] first, byte[] second, byte[] out) {
        // C reads and writes exactly 32 bytes: shorter arrays would be overrun.
        if (first.length != KEY_LENGTH || second.length != KEY_LENGTH || out.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 keys are " + KEY_LENGTH + " bytes");
        }
    }

    private static final class Library {
        static final SymbolLookup SYMBOLS = BundledLibsodium.load();
    }

    private static MemorySegment find(SymbolLookup library, String symbol) {
        return library.find(symbol).orElseThrow(() -> new IllegalStateException("libsodium lacks " + symbol));
    }
}
