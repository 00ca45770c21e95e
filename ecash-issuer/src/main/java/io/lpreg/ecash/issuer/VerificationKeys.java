package io.lpreg.ecash.issuer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The public side of an issuer set, as {@code verification-keys.json}: n, t and every epoch's keys. Gateways
 * load it ({@code [plugins.ecash-bls] verification_keys}); clients use the signer keys to check shares.
 */
public record VerificationKeys(int signers, int threshold, List<EpochKeys> epochs) {
    public VerificationKeys {
        requireNonNull(epochs, "epochs is null");
        SecretSharing.checkThreshold(threshold, signers);
        List<EpochKeys> sorted = new ArrayList<>(epochs);
        sorted.sort(Comparator.comparingLong(EpochKeys::epoch));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).epoch() == sorted.get(i - 1).epoch()) {
                throw new IllegalArgumentException("epoch " + sorted.get(i).epoch() + " is listed twice");
            }
        }
        for (EpochKeys epoch : sorted) {
            for (TypeKeys keys : epoch.keys().values()) {
                if (keys.signerKeys().size() != signers) {
                    throw new IllegalArgumentException("epoch " + epoch.epoch() + " lists " + keys.signerKeys().size()
                            + " signer keys for " + signers + " signers");
                }
            }
        }
        epochs = List.copyOf(sorted);
    }

    public Optional<EpochKeys> epoch(long epoch) {
        return epochs.stream().filter(keys -> keys.epoch() == epoch).findFirst();
    }

    /** The epoch valid at {@code now} that started last, if any. */
    public Optional<EpochKeys> current(Instant now) {
        return epochs.stream().filter(keys -> keys.window().contains(now))
                .max(Comparator.comparing(keys -> keys.window().validFrom()));
    }

    public VerificationKeys withEpoch(EpochKeys added) {
        List<EpochKeys> all = new ArrayList<>(epochs);
        all.add(added);
        return new VerificationKeys(signers, threshold, all);
    }
}
