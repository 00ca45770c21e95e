package io.lpreg.protocol.v3;

import io.lpreg.protocol.SecureRandoms;

import java.security.SecureRandom;

import static java.util.Objects.requireNonNull;

/**
 * The one way randomness enters wire v3: every ephemeral key, the peer-config seed and filler, and the
 * ML-KEM encapsulation message are drawn here, in the order Nym's code draws them. A test replays a
 * recorded sequence of draws through it and gets Nym's bytes back.
 */
@FunctionalInterface
public interface Randomness {

    /** Fills {@code out} completely. */
    void fill(byte[] out);

    default byte[] bytes(int count) {
        byte[] out = new byte[count];
        fill(out);
        return out;
    }

    /** The calling thread's DRBG at the moment of each draw, so a handshake may move between threads. */
    static Randomness system() {
        return out -> SecureRandoms.current().nextBytes(out);
    }

    static Randomness of(SecureRandom random) {
        requireNonNull(random, "random is null");
        return random::nextBytes;
    }
}
