package io.lpreg.protocol.credential;

import static java.util.Objects.requireNonNull;

/** A (randomised) Pointcheval–Sanders signature {@code (h, s)}, both in G1. */
public record Signature(G1Point h, G1Point s) {
    public Signature {
        requireNonNull(h, "h is null");
        requireNonNull(s, "s is null");
    }
}
