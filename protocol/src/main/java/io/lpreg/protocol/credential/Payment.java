package io.lpreg.protocol.credential;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A compact e-cash spend (docs/zknym.md §2.3), fields in Nym's declaration order. Per-coin vectors are not
 * required to have {@code spendValue} elements here: that, and every other semantic rule, is the
 * verifier's to enforce.
 *
 * @param spendValue u64, carried as the raw 64 bits
 * @param tType the ticket type byte (u8, 0–255), not interpreted here
 */
public record Payment(
        G2Point kappa,
        G2Point kappaE,
        Signature sig,
        Signature sigExp,
        List<G2Point> kappaK,
        List<Signature> omega,
        List<G1Point> ss,
        List<G1Point> tt,
        List<G1Point> aa,
        long spendValue,
        G1Point cc,
        int tType,
        SpendProof zkProof) {
    public Payment {
        requireNonNull(kappa, "kappa is null");
        requireNonNull(kappaE, "kappaE is null");
        requireNonNull(sig, "sig is null");
        requireNonNull(sigExp, "sigExp is null");
        kappaK = List.copyOf(requireNonNull(kappaK, "kappaK is null"));
        omega = List.copyOf(requireNonNull(omega, "omega is null"));
        ss = List.copyOf(requireNonNull(ss, "ss is null"));
        tt = List.copyOf(requireNonNull(tt, "tt is null"));
        aa = List.copyOf(requireNonNull(aa, "aa is null"));
        requireNonNull(cc, "cc is null");
        if (tType < 0 || tType > 0xff) {
            throw new IllegalArgumentException("tType must be a u8, got " + tType);
        }
        requireNonNull(zkProof, "zkProof is null");
    }
}
