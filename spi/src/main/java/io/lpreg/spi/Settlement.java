package io.lpreg.spi;

import java.time.Instant;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * An accepted spend that its scheme's network must still be told about: written to the settlement outbox in
 * the same transaction as the spend itself, so a crash between the answer and the report loses nothing.
 *
 * @param scheme the credential scheme, which names the verifier that settles it
 * @param nullifier the spend's nullifier (the key of its {@link SpentCredential})
 * @param client the client that was credited, which pays a penalty if the network rejects the spend
 * @param creditedBytes what the spend bought
 * @param report the verifier's own report, opaque to the engine (empty once the settlement is decided)
 * @param createdAt when the spend committed
 * @param expiresAt after this the report is pointless and storage may delete it (the nullifier's expiry)
 */
public record Settlement(String scheme, byte[] nullifier, ClientId client, long creditedBytes, byte[] report,
                         Instant createdAt, Instant expiresAt) {
    public Settlement {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(nullifier, "nullifier is null");
        requireNonNull(client, "client is null");
        requireNonNull(report, "report is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        if (creditedBytes < 0) {
            throw new IllegalArgumentException("creditedBytes is negative");
        }
        nullifier = nullifier.clone();
        report = report.clone();
    }

    @Override
    public byte[] nullifier() {
        return nullifier.clone();
    }

    @Override
    public byte[] report() {
        return report.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settlement other && scheme.equals(other.scheme) && Arrays.equals(nullifier, other.nullifier)
                && client.equals(other.client) && creditedBytes == other.creditedBytes
                && Arrays.equals(report, other.report) && createdAt.equals(other.createdAt)
                && expiresAt.equals(other.expiresAt);
    }

    @Override
    public int hashCode() {
        return scheme.hashCode() * 31 + Arrays.hashCode(nullifier);
    }

    @Override
    public String toString() {
        return "Settlement[" + scheme + ", " + client + ", " + creditedBytes + " bytes, report " + report.length
                + " bytes]";
    }
}
