package io.lpreg.ecash.issuer;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Everything one signer holds: its index i (1..n) and its key shares of every epoch. Secret. */
public record SignerShare(int index, int signers, int threshold, List<EpochShare> epochs) {
    public SignerShare {
        requireNonNull(epochs, "epochs is null");
        SecretSharing.checkThreshold(threshold, signers);
        if (index < 1 || index > signers) {
            throw new IllegalArgumentException("signer index must be between 1 and " + signers + ", got " + index);
        }
        epochs = List.copyOf(epochs);
    }

    public Optional<EpochShare> epoch(long epoch) {
        return epochs.stream().filter(share -> share.window().epoch() == epoch).findFirst();
    }
}
