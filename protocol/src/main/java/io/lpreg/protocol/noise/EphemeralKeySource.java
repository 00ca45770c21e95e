package io.lpreg.protocol.noise;

import java.security.SecureRandom;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Where a HandshakeState takes its ephemeral key pairs from: randomness, or fixed keys for known-answer tests. */
@FunctionalInterface
public interface EphemeralKeySource {
    KeyPair next();

    static EphemeralKeySource random(SecureRandom random) {
        requireNonNull(random, "random is null");
        return () -> KeyPair.generate(random);
    }

    /** Hands out the given pairs in order; asking for more is a programming error. */
    static EphemeralKeySource fixed(KeyPair... pairs) {
        List<KeyPair> copy = List.of(pairs);
        int[] next = {0};
        return () -> {
            if (next[0] == copy.size()) {
                throw new IllegalStateException("all " + copy.size() + " fixed ephemeral keys are used");
            }
            return copy.get(next[0]++);
        };
    }
}
