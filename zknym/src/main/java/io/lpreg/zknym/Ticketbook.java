package io.lpreg.zknym;

import supranational.blst.P1;
import supranational.blst.P2;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A ticketbook: the user's secret, the wallet secret v, the aggregated wallet signature on
 * {@code [sk_user, v, exp, t_type]}, and the expiration-date (7) and coin-index (50) signatures, all under
 * {@link #verificationKey()}. {@link #spend} is Nym's {@code WalletSignatures::spend} for one ticket.
 */
public record Ticketbook(
        BigInteger userSecret,
        BigInteger walletSecret,
        LocalDate expirationDate,
        int tType,
        long epochId,
        VerificationKey verificationKey,
        Signature signature,
        List<Signature> expirationDateSignatures,
        List<Signature> coinIndexSignatures) {
    public Ticketbook {
        requireNonNull(userSecret, "userSecret is null");
        requireNonNull(walletSecret, "walletSecret is null");
        requireNonNull(expirationDate, "expirationDate is null");
        requireNonNull(verificationKey, "verificationKey is null");
        requireNonNull(signature, "signature is null");
        expirationDateSignatures = List.copyOf(expirationDateSignatures);
        coinIndexSignatures = List.copyOf(coinIndexSignatures);
        if (expirationDateSignatures.size() != EcashParameters.VALIDITY_DAYS) {
            throw new IllegalArgumentException("a ticketbook has 7 expiration-date signatures");
        }
        if (coinIndexSignatures.size() != EcashParameters.TICKETS_PER_BOOK) {
            throw new IllegalArgumentException("a ticketbook has 50 coin-index signatures");
        }
        if (tType < 0 || tType > 255) {
            throw new IllegalArgumentException("t_type is a u8");
        }
    }

    public long expirationTimestamp() {
        return expirationDate.toEpochDay() * EcashParameters.SECONDS_PER_DAY;
    }

    /** The l-th signed day (0 = the first valid day, 6 = the expiration date itself). */
    static long validDay(long expirationTimestamp, int l) {
        return expirationTimestamp - (EcashParameters.VALIDITY_DAYS - l - 1) * EcashParameters.SECONDS_PER_DAY;
    }

    /** {@code hash_g1(LE32(exp) ‖ LE32(day))}, the {@code h} of an expiration-date signature. */
    public static P1 expirationDateHash(long expirationTimestamp, long dayTimestamp) {
        byte[] message = new byte[2 * Bls.SCALAR_SIZE];
        System.arraycopy(Bls.scalarToLe(BigInteger.valueOf(expirationTimestamp)), 0, message, 0, Bls.SCALAR_SIZE);
        System.arraycopy(Bls.scalarToLe(BigInteger.valueOf(dayTimestamp)), 0, message, Bls.SCALAR_SIZE, Bls.SCALAR_SIZE);
        return Bls.hashG1(message);
    }

    /** {@code hash_g1(vk.to_bytes() ‖ u64_le(l))}, the {@code h} of a coin-index signature. */
    public static P1 coinIndexHash(VerificationKey vk, long index) {
        byte[] key = vk.encodedView();
        byte[] message = new byte[key.length + 8];
        System.arraycopy(key, 0, message, 0, key.length);
        System.arraycopy(SpendVerifier.u64Le(index), 0, message, key.length, 8);
        return Bls.hashG1(message);
    }

    /** Which expiration-date signature covers the spend date ({@code find_index}), or -1 outside the 7 days. */
    public int dateIndex(LocalDate spendDate) {
        long days = spendDate.toEpochDay() - (expirationDate.toEpochDay() - (EcashParameters.VALIDITY_DAYS - 1));
        return days >= 0 && days < EcashParameters.VALIDITY_DAYS ? (int) days : -1;
    }

    /**
     * Spends ticket {@code ticketIndex} for {@code payInfo} on {@code spendDate}, as Nym's
     * {@code WalletSignatures::spend} with {@code spend_value = 1}: re-randomised signatures, the commitments,
     * and the proof with {@code responses = w̃ − c·witness} ({@code responses_r_k} empty, as Rust's).
     * All randomness comes from {@code random}.
     */
    public ZkNymSpend spend(PayInfo payInfo, LocalDate spendDate, int ticketIndex, SecureRandom random) {
        requireNonNull(payInfo, "payInfo is null");
        requireNonNull(spendDate, "spendDate is null");
        requireNonNull(random, "random is null");
        if (ticketIndex < 0 || ticketIndex >= EcashParameters.TICKETS_PER_BOOK) {
            throw new IllegalArgumentException("ticket index " + ticketIndex + " is outside 0..49");
        }
        int dateIndex = dateIndex(spendDate);
        if (dateIndex < 0) {
            throw new IllegalArgumentException("spend date " + spendDate + " is outside the ticketbook's 7 days ending " + expirationDate);
        }
        VerificationKey vk = verificationKey;
        P1 g1 = Bls.g1();
        P2 g2 = Bls.g2();
        P1 gamma1 = EcashParameters.gamma1();
        P2 alpha = vk.alpha().point();
        BigInteger exp = BigInteger.valueOf(expirationTimestamp());
        BigInteger[] attributes = {userSecret, walletSecret, exp};

        BigInteger r = Bls.randomScalar(random);
        Signature sigPrime = randomise(signature, r, random);
        P2 kappa = Bls.mul(g2, r).add(alpha);
        for (int i = 0; i < attributes.length; i++) {
            kappa.add(Bls.mul(vk.beta(i), attributes[i]));
        }

        BigInteger rE = Bls.randomScalar(random);
        Signature sigExpPrime = randomise(expirationDateSignatures.get(dateIndex), rE, random);
        P2 kappaE = Bls.mul(g2, rE).add(alpha).add(Bls.mul(vk.beta(0), exp));

        BigInteger oC = Bls.randomScalar(random);
        P1 cc = Bls.mul(g1, oC).add(Bls.mul(gamma1, walletSecret));

        BigInteger l = BigInteger.valueOf(ticketIndex);
        byte[] payInfoBytes = payInfo.view();
        BigInteger rK = SpendVerifier.payInfoHash(payInfoBytes, 0);
        BigInteger oA = Bls.randomScalar(random);
        P1 aa = Bls.mul(g1, oA).add(Bls.mul(gamma1, l));
        BigInteger mu = walletSecret.add(l).add(BigInteger.ONE).mod(Bls.ORDER).modInverse(Bls.ORDER);
        P1 ss = Bls.mul(EcashParameters.delta(), mu);
        P1 tt = Bls.mul(g1, userSecret.add(mu.multiply(rK)));
        BigInteger oMu = Bls.mod(oA.add(oC).multiply(mu).negate());
        BigInteger rCoin = Bls.randomScalar(random);
        Signature omega = randomise(coinIndexSignatures.get(ticketIndex), rCoin, random);
        P2 kappaK = Bls.mul(g2, rCoin).add(alpha).add(Bls.mul(vk.beta(0), l));

        // witness replacements w̃, drawn in Rust's order (attributes, r, r_e, o_c, then per ticket l, o_a, mu, o_mu)
        BigInteger[] wAttributes = {Bls.randomScalar(random), Bls.randomScalar(random), Bls.randomScalar(random)};
        BigInteger wR = Bls.randomScalar(random);
        BigInteger wRE = Bls.randomScalar(random);
        BigInteger wOC = Bls.randomScalar(random);
        BigInteger wL = Bls.randomScalar(random);
        BigInteger wOA = Bls.randomScalar(random);
        BigInteger wMu = Bls.randomScalar(random);
        BigInteger wOMu = Bls.randomScalar(random);

        P2 tKappa = Bls.mul(g2, wR).add(alpha);
        for (int i = 0; i < wAttributes.length; i++) {
            tKappa.add(Bls.mul(vk.beta(i), wAttributes[i]));
        }
        P1 tCc = Bls.mul(g1, wOC).add(Bls.mul(gamma1, wAttributes[1]));
        P2 tKappaE = Bls.mul(g2, wRE).add(alpha).add(Bls.mul(vk.beta(0), wAttributes[2]));
        P1 tAa = Bls.mul(g1, wOA).add(Bls.mul(gamma1, wL));
        P1 tSs = Bls.mul(EcashParameters.delta(), wMu);
        P1 tTt = Bls.mul(g1, wAttributes[0].add(rK.multiply(wMu)));
        P1 tGamma1 = Bls.mul(Bls.add(aa, cc).add(gamma1), wMu).add(Bls.mul(g1, wOMu));

        G2Element kappaElement = G2Element.of(kappa);
        G2Element kappaEElement = G2Element.of(kappaE);
        G1Element ccElement = G1Element.of(cc);
        List<G1Element> aaList = List.of(G1Element.of(aa));
        List<G1Element> ssList = List.of(G1Element.of(ss));
        List<G1Element> ttList = List.of(G1Element.of(tt));
        List<G2Element> kappaKList = List.of(G2Element.of(kappaK));
        byte[] instance = Payment.spendInstanceBytes(kappaElement, ccElement, aaList, ssList, ttList, kappaKList, kappaEElement);
        BigInteger c = SpendVerifier.challenge(vk, instance, tKappa, tKappaE, tCc, tAa.compress(), tSs.compress(),
                new byte[0], tGamma1.compress(), tTt.compress(), payInfoBytes, 1);

        SpendProof proof = new SpendProof(
                c,
                response(wR, c, r),
                response(wRE, c, rE),
                List.of(),
                List.of(response(wL, c, l)),
                List.of(response(wOA, c, oA)),
                response(wOC, c, oC),
                List.of(response(wMu, c, mu)),
                List.of(response(wOMu, c, oMu)),
                List.of(response(wAttributes[0], c, userSecret), response(wAttributes[1], c, walletSecret), response(wAttributes[2], c, exp)));
        Payment payment = new Payment(kappaElement, kappaEElement, sigPrime, sigExpPrime, kappaKList, List.of(omega),
                ssList, ttList, aaList, 1, ccElement, tType, proof);
        return new ZkNymSpend(payment, payInfo, spendDate, epochId);
    }

    /** {@code blind_and_randomise}: {@code h' = h·r'}, {@code s' = s·r' + h'·r}, r being the blinding factor. */
    private static Signature randomise(Signature signature, BigInteger r, SecureRandom random) {
        BigInteger rPrime = Bls.randomScalar(random);
        P1 hPrime = Bls.mul(signature.h().point(), rPrime);
        P1 sPrime = Bls.mul(signature.s().point(), rPrime).add(Bls.mul(hPrime, r));
        return Signature.of(hPrime, sPrime);
    }

    private static BigInteger response(BigInteger replacement, BigInteger challenge, BigInteger secret) {
        return Bls.mod(replacement.subtract(challenge.multiply(secret)));
    }
}
