package io.lpreg.protocol.noise.vectors;

import static java.util.Objects.requireNonNull;

/** The outcome of running one {@link NoiseVector}. */
public sealed interface VectorResult {
    record Passed() implements VectorResult {}

    record Failed(String reason) implements VectorResult {
        public Failed {
            requireNonNull(reason, "reason is null");
        }
    }

    /** The vector names a primitive this implementation does not have. */
    record Skipped(String reason) implements VectorResult {
        public Skipped {
            requireNonNull(reason, "reason is null");
        }
    }
}
