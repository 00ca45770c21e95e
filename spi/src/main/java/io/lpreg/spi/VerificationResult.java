package io.lpreg.spi;

import java.time.Instant;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/** A verifier's verdict. */
public sealed interface VerificationResult {
    /**
     * The credential is valid. The engine consumes {@code nullifier} (a second spend is refused) and
     * credits {@code bandwidthBytes} until {@code expiresAt}.
     */
    record Accepted(byte[] nullifier, long bandwidthBytes, Instant expiresAt) implements VerificationResult {
        public Accepted {
            requireNonNull(nullifier, "nullifier is null");
            requireNonNull(expiresAt, "expiresAt is null");
            if (nullifier.length == 0) {
                throw new IllegalArgumentException("nullifier is empty");
            }
            if (bandwidthBytes < 0) {
                throw new IllegalArgumentException("bandwidthBytes is negative");
            }
            nullifier = nullifier.clone();
        }

        @Override
        public byte[] nullifier() {
            return nullifier.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Accepted other && Arrays.equals(nullifier, other.nullifier)
                    && bandwidthBytes == other.bandwidthBytes && expiresAt.equals(other.expiresAt);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(nullifier);
        }
    }

    /** The credential is not valid; {@code message} is sent to the client. */
    record Rejected(RejectionReason reason, String message) implements VerificationResult {
        public Rejected {
            requireNonNull(reason, "reason is null");
            requireNonNull(message, "message is null");
        }
    }
}
