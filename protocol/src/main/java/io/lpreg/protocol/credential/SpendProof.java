package io.lpreg.protocol.credential;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The Fiat–Shamir proof of knowledge carried in a {@link Payment}, fields in Nym's declaration order
 * ({@code nym-compact-ecash}, {@code proofs/proof_spend.rs}). Nym's spend never fills
 * {@code responses_r_k}, so a genuine proof carries it empty.
 */
public record SpendProof(
        Scalar challenge,
        Scalar responseR,
        Scalar responseRE,
        List<Scalar> responsesRK,
        List<Scalar> responsesL,
        List<Scalar> responsesOA,
        Scalar responseOC,
        List<Scalar> responsesMu,
        List<Scalar> responsesOMu,
        List<Scalar> responsesAttributes) {
    public SpendProof {
        requireNonNull(challenge, "challenge is null");
        requireNonNull(responseR, "responseR is null");
        requireNonNull(responseRE, "responseRE is null");
        responsesRK = List.copyOf(requireNonNull(responsesRK, "responsesRK is null"));
        responsesL = List.copyOf(requireNonNull(responsesL, "responsesL is null"));
        responsesOA = List.copyOf(requireNonNull(responsesOA, "responsesOA is null"));
        requireNonNull(responseOC, "responseOC is null");
        responsesMu = List.copyOf(requireNonNull(responsesMu, "responsesMu is null"));
        responsesOMu = List.copyOf(requireNonNull(responsesOMu, "responsesOMu is null"));
        responsesAttributes = List.copyOf(requireNonNull(responsesAttributes, "responsesAttributes is null"));
    }
}
