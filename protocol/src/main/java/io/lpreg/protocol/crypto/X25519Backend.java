package io.lpreg.protocol.crypto;

/**
 * The X25519 function of RFC 7748 §5, the one primitive whose speed bounds an LP handshake. Found with
 * {@link java.util.ServiceLoader}: an optional artifact on the class path can provide a faster one, and
 * {@link X25519Backends} falls back to BouncyCastle when none loads.
 *
 * <p>Every implementation behaves the same on every input: the scalar is clamped, the top bit of u is
 * ignored, u is taken mod p, and the raw result is written, all zeros for a low-order point. Whether an
 * all-zero result is refused is the caller's decision (docs/wire-v1.md §6.3: E2 does not refuse it).
 * Implementations are thread-safe.
 */
public interface X25519Backend {
    int KEY_LENGTH = 32;

    /** A short, stable name for logs, {@code /health} and bench output, e.g. {@code bouncycastle}. */
    String name();

    /** What runs underneath, e.g. a library version; shown beside the name. */
    default String description() {
        return name();
    }

    /** {@code sharedSecret = X25519(privateKey, publicKey)}; each array is 32 bytes. */
    void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret);

    /** {@code publicKey = X25519(privateKey, 9)}, the base-point multiplication. */
    void scalarMultBase(byte[] privateKey, byte[] publicKey);
}
