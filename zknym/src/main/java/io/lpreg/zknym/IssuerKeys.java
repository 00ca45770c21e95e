package io.lpreg.zknym;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A t-of-n key set of one epoch: every signer's share and the aggregated (master) verification key. */
public record IssuerKeys(long epochId, int threshold, List<SignerKey> signers, VerificationKey verificationKey) {
    public IssuerKeys {
        signers = List.copyOf(signers);
        requireNonNull(verificationKey, "verificationKey is null");
        if (threshold < 1 || threshold > signers.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " of " + signers.size() + " signers");
        }
    }

    public SignerKey signer(long index) {
        return signers.stream().filter(s -> s.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no signer " + index));
    }
}
