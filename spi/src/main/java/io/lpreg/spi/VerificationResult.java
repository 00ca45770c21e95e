package io.lpreg.spi;

import java.time.Instant;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/** A verifier's verdict. */
public sealed interface VerificationResult {
    /**
     * The credential is valid. The engine consumes {@code nullifier} (a second spend is refused) and
     * credits {@code bandwidthBytes} until {@code expiresAt}. {@code refusedAfter} is the instant after which
     * this verifier would refuse the credential anyway (a bls ticket's epoch end plus the clock tolerance, a
     * zk-nym's spend date plus its validity): storage keeps the nullifier until the later of the two, so a
     * credential can never be spent again while it is still accepted. A non-empty {@code report} is kept in
     * the settlement outbox, written with the spend, and handed to {@link EcashVerifier#settle} later.
     */
    record Accepted(byte[] nullifier, long bandwidthBytes, Instant expiresAt, Instant refusedAfter, byte[] report)
            implements VerificationResult {
        public Accepted {
            requireNonNull(nullifier, "nullifier is null");
            requireNonNull(expiresAt, "expiresAt is null");
            requireNonNull(refusedAfter, "refusedAfter is null");
            requireNonNull(report, "report is null");
            if (nullifier.length == 0) {
                throw new IllegalArgumentException("nullifier is empty");
            }
            if (bandwidthBytes < 0) {
                throw new IllegalArgumentException("bandwidthBytes is negative");
            }
            nullifier = nullifier.clone();
            report = report.clone();
        }

        /** For a spend nobody else needs to hear about. */
        public Accepted(byte[] nullifier, long bandwidthBytes, Instant expiresAt, Instant refusedAfter) {
            this(nullifier, bandwidthBytes, expiresAt, refusedAfter, new byte[0]);
        }

        /** For a credential the verifier refuses once its bandwidth has expired. */
        public Accepted(byte[] nullifier, long bandwidthBytes, Instant expiresAt) {
            this(nullifier, bandwidthBytes, expiresAt, expiresAt);
        }

        /** How long the nullifier must be remembered: the later of the bandwidth expiry and {@link #refusedAfter}. */
        public Instant nullifierExpiry() {
            return refusedAfter.isAfter(expiresAt) ? refusedAfter : expiresAt;
        }

        @Override
        public byte[] nullifier() {
            return nullifier.clone();
        }

        @Override
        public byte[] report() {
            return report.clone();
        }

        public boolean needsSettlement() {
            return report.length > 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Accepted other && Arrays.equals(nullifier, other.nullifier)
                    && bandwidthBytes == other.bandwidthBytes && expiresAt.equals(other.expiresAt)
                    && refusedAfter.equals(other.refusedAfter) && Arrays.equals(report, other.report);
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
