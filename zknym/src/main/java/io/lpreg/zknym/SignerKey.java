package io.lpreg.zknym;

import supranational.blst.P1;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One authority's secret share {@code (x, y_0 … y_{n-1})} of a t-of-n key and its index (Nym's
 * {@code SecretKeyAuth} with a {@code SignerIndex}, 1-based). It signs partial signatures; the client
 * interpolates t of them at 0 ({@link ZkNymIssuer#aggregateSignatures}).
 */
public record SignerKey(long index, BigInteger x, List<BigInteger> ys) {
    public SignerKey {
        if (index < 1) {
            throw new IllegalArgumentException("signer indices start at 1");
        }
        requireNonNull(x, "x is null");
        ys = List.copyOf(ys);
        if (ys.size() < VerificationKey.MIN_BETAS || ys.size() > VerificationKey.MAX_BETAS) {
            throw new IllegalArgumentException("a signer key has 4 to 64 ys, not " + ys.size());
        }
        x = Bls.mod(x);
        ys = ys.stream().map(Bls::mod).toList();
    }

    /** {@code alpha = g2·x, beta_g1[i] = g1·y_i, beta_g2[i] = g2·y_i}. */
    public VerificationKey verificationKey() {
        List<G1Element> g1 = new ArrayList<>();
        List<G2Element> g2 = new ArrayList<>();
        for (BigInteger y : ys) {
            g1.add(G1Element.of(Bls.mul(Bls.g1(), y)));
            g2.add(G2Element.of(Bls.mul(Bls.g2(), y)));
        }
        return new VerificationKey(G2Element.of(Bls.mul(Bls.g2(), x)), g1, g2);
    }

    /** A partial wallet signature {@code h·(x + Σ y_i·m_i)} on the 4 attributes {@code [sk, v, exp, t_type]}. */
    public Signature signWallet(P1 h, List<BigInteger> attributes) {
        BigInteger exponent = x;
        for (int i = 0; i < attributes.size(); i++) {
            exponent = exponent.add(ys.get(i).multiply(attributes.get(i)));
        }
        return Signature.of(h, Bls.mul(h, exponent));
    }

    /**
     * The partial expiration-date signatures for the 7 days ending on {@code expirationTimestamp}
     * ({@code sign_expiration_date}): {@code h = hash_g1(LE32(exp) ‖ LE32(day))},
     * {@code s = h·(x + y0·exp + y1·day + y2·TYPE_EXP)}.
     */
    public List<Signature> signExpirationDates(long expirationTimestamp) {
        BigInteger exp = BigInteger.valueOf(expirationTimestamp);
        BigInteger partial = x.add(ys.get(0).multiply(exp)).add(ys.get(2).multiply(EcashParameters.TYPE_EXP));
        List<Signature> out = new ArrayList<>(EcashParameters.VALIDITY_DAYS);
        for (int l = 0; l < EcashParameters.VALIDITY_DAYS; l++) {
            long day = Ticketbook.validDay(expirationTimestamp, l);
            P1 h = Ticketbook.expirationDateHash(expirationTimestamp, day);
            out.add(Signature.of(h, Bls.mul(h, partial.add(ys.get(1).multiply(BigInteger.valueOf(day))))));
        }
        return List.copyOf(out);
    }

    /**
     * The partial coin-index signatures for l = 0..49 under the aggregated key ({@code sign_coin_indices}):
     * {@code h = hash_g1(vk.to_bytes() ‖ u64_le(l))}, {@code s = h·(x + y0·l + (y1 + y2)·TYPE_IDX)}.
     */
    public List<Signature> signCoinIndices(VerificationKey aggregated) {
        BigInteger partial = x.add(ys.get(1).add(ys.get(2)).multiply(EcashParameters.TYPE_IDX));
        List<Signature> out = new ArrayList<>(EcashParameters.TICKETS_PER_BOOK);
        for (int l = 0; l < EcashParameters.TICKETS_PER_BOOK; l++) {
            P1 h = Ticketbook.coinIndexHash(aggregated, l);
            out.add(Signature.of(h, Bls.mul(h, partial.add(ys.get(0).multiply(BigInteger.valueOf(l))))));
        }
        return List.copyOf(out);
    }
}
