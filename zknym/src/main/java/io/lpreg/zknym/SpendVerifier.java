package io.lpreg.zknym;

import supranational.blst.P1;
import supranational.blst.P2;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Nym's {@code Payment::spend_verify(vk, pay_info, spend_date)} (docs/zknym.md §3.2), in Nym's order, preceded by
 * the list-length checks of §1.6 so a short {@code responses_attributes} or an empty {@code omega} is refused
 * as malformed (Rust would panic on the first and accept the second). Stateless and thread-safe; the
 * policy around it (today's date, the gateway's key in pay_info, the serial-number store) is the caller's.
 */
public final class SpendVerifier {
    private static final long MAX_SPEND_TIMESTAMP = 0xffff_ffffL;

    public Verdict verify(VerificationKey vk, ZkNymSpend spend) {
        requireNonNull(vk, "vk is null");
        requireNonNull(spend, "spend is null");
        Payment payment = spend.payment();
        if (!wellFormed(payment)) {
            return Verdict.MALFORMED;
        }
        long spendTimestamp = spend.spendDateUnix();
        if (spendTimestamp <= 0 || spendTimestamp > MAX_SPEND_TIMESTAMP) {
            return Verdict.MALFORMED;
        }
        if (!distinctSerialNumbers(payment)) {
            return Verdict.DUPLICATE_SERIAL;
        }
        if (!proofHolds(vk, payment, spend.payInfo())) {
            return Verdict.BAD_PROOF;
        }
        if (!signatureHolds(vk, payment)) {
            return Verdict.BAD_SIGNATURE;
        }
        if (!expirationSignatureHolds(vk, payment, spendTimestamp)) {
            return Verdict.BAD_EXPIRATION_SIGNATURE;
        }
        if (!coinIndexSignaturesHold(vk, payment)) {
            return Verdict.BAD_COIN_INDEX_SIGNATURE;
        }
        return Verdict.OK;
    }

    /**
     * §1.6: every per-ticket list holds exactly {@code spend_value} entries and there are 3 attribute
     * responses. {@code responses_r_k} is empty in every Rust-made proof (its prover never fills it); a list of
     * {@code spend_value} entries is also taken, with Rust's zip semantics.
     */
    static boolean wellFormed(Payment payment) {
        long n = payment.spendValue();
        if (n < 1 || n > Bincode.MAX_VECTOR) {
            return false;
        }
        SpendProof proof = payment.zkProof();
        int rk = proof.responsesRK().size();
        return proof.responsesAttributes().size() == 3
                && (rk == 0 || rk == n)
                && sizesAre(n, payment.kappaK(), payment.omega(), payment.ss(), payment.tt(), payment.aa(),
                        proof.responsesL(), proof.responsesOA(), proof.responsesMu(), proof.responsesOMu());
    }

    private static boolean sizesAre(long n, List<?>... lists) {
        for (List<?> list : lists) {
            if (list.size() != n) {
                return false;
            }
        }
        return true;
    }

    static boolean distinctSerialNumbers(Payment payment) {
        Set<G1Element> seen = new HashSet<>();
        for (G1Element s : payment.ss()) {
            if (!seen.add(s)) {
                return false;
            }
        }
        return true;
    }

    /** {@code SpendProof::verify}: recompute the commitments from the responses and the challenge (§1.3). */
    static boolean proofHolds(VerificationKey vk, Payment payment, PayInfo payInfo) {
        SpendProof proof = payment.zkProof();
        BigInteger c = proof.challenge();
        List<BigInteger> attributes = proof.responsesAttributes();
        P1 g1 = Bls.g1();
        P2 g2 = Bls.g2();
        P1 gamma1 = EcashParameters.gamma1();
        P2 alphaTimesOneMinusC = Bls.mul(vk.alpha().point(), BigInteger.ONE.subtract(c));

        P2 tKappa = Bls.mul(payment.kappa().point(), c).add(alphaTimesOneMinusC).add(Bls.mul(g2, proof.responseR()));
        for (int i = 0; i < Math.min(attributes.size(), vk.betas()); i++) {
            tKappa.add(Bls.mul(vk.beta(i), attributes.get(i)));
        }
        P1 tCc = Bls.mul(g1, proof.responseOC()).add(Bls.mul(gamma1, attributes.get(1))).add(Bls.mul(payment.cc().point(), c));
        P2 tKappaE = Bls.mul(payment.kappaE().point(), c).add(alphaTimesOneMinusC)
                .add(Bls.mul(vk.beta(0), attributes.get(2))).add(Bls.mul(g2, proof.responseRE()));

        int n = (int) payment.spendValue();
        ByteArrayOutputStream aa = new ByteArrayOutputStream();
        ByteArrayOutputStream ss = new ByteArrayOutputStream();
        ByteArrayOutputStream kappaK = new ByteArrayOutputStream();
        ByteArrayOutputStream gammas = new ByteArrayOutputStream();
        ByteArrayOutputStream tt = new ByteArrayOutputStream();
        byte[] payInfoBytes = payInfo.view();
        P1 ccPlusGamma1 = payment.cc().point().add(gamma1);
        P1 gamma1TimesC = Bls.mul(gamma1, c);
        for (int k = 0; k < n; k++) {
            BigInteger mu = proof.responsesMu().get(k);
            P1 aaK = payment.aa().get(k).point();
            aa.writeBytes(Bls.mul(g1, proof.responsesOA().get(k)).add(Bls.mul(gamma1, proof.responsesL().get(k)))
                    .add(Bls.mul(aaK, c)).compress());
            ss.writeBytes(Bls.mul(EcashParameters.delta(), mu).add(Bls.mul(payment.ss().get(k).point(), c)).compress());
            BigInteger rk = payInfoHash(payInfoBytes, k);
            // g1·resp_attr[0] + (g1·R_k)·resp_mu: one multiplication of g1 by their combined exponent
            tt.writeBytes(Bls.mul(g1, attributes.get(0).add(rk.multiply(mu))).add(Bls.mul(payment.tt().get(k).point(), c)).compress());
            gammas.writeBytes(Bls.mul(aaK.add(ccPlusGamma1), mu).add(Bls.mul(g1, proof.responsesOMu().get(k))).add(gamma1TimesC).compress());
            if (k < proof.responsesRK().size()) {
                kappaK.writeBytes(Bls.mul(payment.kappaK().get(k).point(), c).add(Bls.mul(g2, proof.responsesRK().get(k)))
                        .add(alphaTimesOneMinusC).add(Bls.mul(vk.beta(0), proof.responsesL().get(k))).compress());
            }
        }

        BigInteger recomputed = challenge(vk, payment.spendInstanceBytes(), tKappa, tKappaE, tCc, aa.toByteArray(),
                ss.toByteArray(), kappaK.toByteArray(), gammas.toByteArray(), tt.toByteArray(), payInfoBytes, payment.spendValue());
        return recomputed.equals(c);
    }

    /** The Fiat–Shamir challenge over the transcript of §1.4, in Nym's order. */
    static BigInteger challenge(VerificationKey vk, byte[] instance, P2 tKappa, P2 tKappaE, P1 tCc, byte[] tAa,
                                byte[] tSs, byte[] tKappaK, byte[] tGamma1, byte[] tTt, byte[] payInfo, long spendValue) {
        MessageDigest sha = sha256();
        sha.update(EcashParameters.transcriptPrefix());
        sha.update(vk.encodedView());
        sha.update(instance);
        sha.update(tKappa.compress());
        sha.update(tKappaE.compress());
        sha.update(tCc.compress());
        sha.update(tAa);
        sha.update(tSs);
        sha.update(tKappaK);
        sha.update(tGamma1);
        sha.update(tTt);
        sha.update(payInfo);
        sha.update(u64Le(spendValue));
        return challengeOf(sha.digest());
    }

    /** {@code c = Scalar::from_bytes_wide([0;32] ‖ digest)}, i.e. {@code LE(digest)·2^256 mod r} (§1.4). */
    static BigInteger challengeOf(byte[] digest) {
        return Bls.mod(Bls.leInteger(digest).shiftLeft(256));
    }

    /** {@code R_k = hash_to_scalar(pay_info ‖ u64_le(k))}. */
    static BigInteger payInfoHash(byte[] payInfo, long k) {
        byte[] message = new byte[PayInfo.SIZE + 8];
        System.arraycopy(payInfo, 0, message, 0, PayInfo.SIZE);
        System.arraycopy(u64Le(k), 0, message, PayInfo.SIZE, 8);
        return Bls.hashToScalar(message);
    }

    /** {@code check_signature_validity}: {@code h ≠ ∞} and {@code e(h, kappa + β3·t_type) == e(s, g2)}. */
    public static boolean signatureHolds(VerificationKey vk, Payment payment) {
        Signature sig = payment.sig();
        if (sig.h().isIdentity()) {
            return false;
        }
        P2 kappaType = payment.kappa().point().add(Bls.mul(vk.beta(3), BigInteger.valueOf(payment.tType())));
        return Bls.signaturePairingsHold(new P1[] {sig.h().point()}, new P2[] {kappaType}, new P1[] {sig.s().point()});
    }

    /** {@code check_exp_signature_validity}: {@code e(h, kappa_e + β1·spend_ts + β2·TYPE_EXP) == e(s, g2)}. */
    static boolean expirationSignatureHolds(VerificationKey vk, Payment payment, long spendTimestamp) {
        Signature sig = payment.sigExp();
        if (sig.h().isIdentity()) {
            return false;
        }
        P2 combined = payment.kappaE().point().add(Bls.mul(vk.beta(1), BigInteger.valueOf(spendTimestamp)))
                .add(vk.expirationTypeTerm());
        return Bls.signaturePairingsHold(new P1[] {sig.h().point()}, new P2[] {combined}, new P1[] {sig.s().point()});
    }

    /**
     * {@code batch_check_coin_index_signatures}: {@code Π e(h_k, kappa_k + (β1+β2)·TYPE_IDX)·e(s_k, −g2) == 1}
     * in one multi-Miller loop. An {@code h_k} at infinity is refused here, which Rust does not do: with
     * {@code s_k} at infinity too it would pass any key.
     */
    static boolean coinIndexSignaturesHold(VerificationKey vk, Payment payment) {
        int n = payment.omega().size();
        if (n != payment.kappaK().size()) {
            return false;
        }
        P1[] h = new P1[n];
        P2[] q = new P2[n];
        P1[] s = new P1[n];
        for (int k = 0; k < n; k++) {
            Signature omega = payment.omega().get(k);
            if (omega.h().isIdentity()) {
                return false;
            }
            h[k] = omega.h().point();
            s[k] = omega.s().point();
            q[k] = payment.kappaK().get(k).point().add(vk.coinIndexTypeTerm());
        }
        return Bls.signaturePairingsHold(h, q, s);
    }

    static byte[] u64Le(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
