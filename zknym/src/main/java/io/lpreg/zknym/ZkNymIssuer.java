package io.lpreg.zknym;

import io.lpreg.spi.TicketType;
import supranational.blst.P1;
import supranational.blst.P2;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Issuer side for test networks: Nym's {@code ttp_keygen} (a trusted dealer's polynomial shares, signer
 * indices 1..n), aggregation of keys and signatures by Lagrange interpolation at 0
 * ({@code scheme/aggregation.rs}), and ticketbook issuance. The wallet signature is issued in the clear
 * (Nym blinds the attributes), but each of t signers signs with its own share and the client aggregates,
 * so the threshold is real.
 */
public final class ZkNymIssuer {
    /** Nym's {@code ttp_keygen} makes {@code attributes + 1} ys: 5 (mainnet's DKG keys have 4). */
    public static final int DEFAULT_BETAS = EcashParameters.ATTRIBUTES + 1;

    private ZkNymIssuer() {
    }

    public static IssuerKeys keygen(long epochId, int threshold, int authorities, SecureRandom random) {
        return keygen(epochId, threshold, authorities, DEFAULT_BETAS, random);
    }

    public static IssuerKeys keygen(long epochId, int threshold, int authorities, int betas, SecureRandom random) {
        requireNonNull(random, "random is null");
        if (threshold < 1 || threshold > authorities) {
            throw new IllegalArgumentException("threshold " + threshold + " of " + authorities);
        }
        if (betas < VerificationKey.MIN_BETAS || betas > VerificationKey.MAX_BETAS) {
            throw new IllegalArgumentException("4 to 64 betas, not " + betas);
        }
        BigInteger[] v = polynomial(threshold, random);
        List<BigInteger[]> ws = new ArrayList<>();
        for (int i = 0; i < betas; i++) {
            ws.add(polynomial(threshold, random));
        }
        List<SignerKey> signers = new ArrayList<>();
        for (long index = 1; index <= authorities; index++) {
            BigInteger at = BigInteger.valueOf(index);
            List<BigInteger> ys = new ArrayList<>();
            for (BigInteger[] w : ws) {
                ys.add(evaluate(w, at));
            }
            signers.add(new SignerKey(index, evaluate(v, at), ys));
        }
        Map<Long, VerificationKey> shares = new TreeMap<>();
        for (SignerKey signer : signers.subList(0, threshold)) {
            shares.put(signer.index(), signer.verificationKey());
        }
        return new IssuerKeys(epochId, threshold, signers, aggregateVerificationKeys(shares));
    }

    private static BigInteger[] polynomial(int threshold, SecureRandom random) {
        BigInteger[] coefficients = new BigInteger[threshold];
        for (int i = 0; i < threshold; i++) {
            coefficients[i] = Bls.randomScalar(random);
        }
        return coefficients;
    }

    private static BigInteger evaluate(BigInteger[] coefficients, BigInteger x) {
        BigInteger value = BigInteger.ZERO;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            value = value.multiply(x).add(coefficients[i]).mod(Bls.ORDER);
        }
        return value;
    }

    /** The Lagrange coefficients at 0 of distinct indices ({@code generate_lagrangian_coefficients_at_origin}). */
    public static List<BigInteger> lagrangeAtZero(List<Long> indices) {
        List<BigInteger> out = new ArrayList<>(indices.size());
        for (int i = 0; i < indices.size(); i++) {
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            BigInteger xi = BigInteger.valueOf(indices.get(i));
            for (int j = 0; j < indices.size(); j++) {
                if (j != i) {
                    BigInteger xj = BigInteger.valueOf(indices.get(j));
                    numerator = numerator.multiply(xj.negate()).mod(Bls.ORDER);
                    denominator = denominator.multiply(xi.subtract(xj)).mod(Bls.ORDER);
                }
            }
            if (denominator.signum() == 0) {
                throw new IllegalArgumentException("signer indices must be distinct");
            }
            out.add(numerator.multiply(denominator.modInverse(Bls.ORDER)).mod(Bls.ORDER));
        }
        return out;
    }

    /** {@code aggregate_verification_keys}: alpha and every beta interpolated at 0 over the signer indices. */
    public static VerificationKey aggregateVerificationKeys(Map<Long, VerificationKey> shares) {
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("no verification keys to aggregate");
        }
        SortedMap<Long, VerificationKey> sorted = new TreeMap<>(shares);
        List<Long> indices = List.copyOf(sorted.keySet());
        List<VerificationKey> keys = List.copyOf(sorted.values());
        int betas = keys.get(0).betas();
        if (keys.stream().anyMatch(k -> k.betas() != betas)) {
            throw new IllegalArgumentException("verification keys differ in size");
        }
        List<BigInteger> lambda = lagrangeAtZero(indices);
        P2 alpha = new P2();
        List<P1> g1 = new ArrayList<>();
        List<P2> g2 = new ArrayList<>();
        for (int b = 0; b < betas; b++) {
            g1.add(new P1());
            g2.add(new P2());
        }
        for (int i = 0; i < keys.size(); i++) {
            VerificationKey key = keys.get(i);
            alpha.add(Bls.mul(key.alpha().point(), lambda.get(i)));
            for (int b = 0; b < betas; b++) {
                g1.get(b).add(Bls.mul(key.betaG1().get(b).point(), lambda.get(i)));
                g2.get(b).add(Bls.mul(key.betaG2().get(b).point(), lambda.get(i)));
            }
        }
        return new VerificationKey(G2Element.of(alpha), g1.stream().map(G1Element::of).toList(), g2.stream().map(G2Element::of).toList());
    }

    /** Interpolates partial signatures on one message (equal {@code h}) at 0: {@code s = Σ λ_i·s_i}. */
    public static Signature aggregateSignatures(Map<Long, Signature> partials) {
        if (partials.isEmpty()) {
            throw new IllegalArgumentException("no signatures to aggregate");
        }
        SortedMap<Long, Signature> sorted = new TreeMap<>(partials);
        List<Signature> signatures = List.copyOf(sorted.values());
        G1Element h = signatures.get(0).h();
        if (signatures.stream().anyMatch(s -> !s.h().equals(h))) {
            throw new IllegalArgumentException("partial signatures on different messages");
        }
        List<BigInteger> lambda = lagrangeAtZero(List.copyOf(sorted.keySet()));
        P1 s = new P1();
        for (int i = 0; i < signatures.size(); i++) {
            s.add(Bls.mul(signatures.get(i).s().point(), lambda.get(i)));
        }
        return new Signature(h, G1Element.of(s));
    }

    /** Aggregates lists of partial signatures position by position (the 7 dates, the 50 coin indices). */
    public static List<Signature> aggregateSignatureLists(Map<Long, List<Signature>> partials) {
        int size = partials.values().iterator().next().size();
        List<Signature> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Map<Long, Signature> at = new TreeMap<>();
            for (Map.Entry<Long, List<Signature>> entry : partials.entrySet()) {
                at.put(entry.getKey(), entry.getValue().get(i));
            }
            out.add(aggregateSignatures(at));
        }
        return List.copyOf(out);
    }

    /**
     * Issues a ticketbook signed by the given signers (at least the threshold): fresh user and wallet secrets,
     * the wallet signature on {@code [sk_user, v, exp, t_type]}, the 7 expiration-date signatures and the 50
     * coin-index signatures, each aggregated from the signers' partials.
     */
    public static Ticketbook issue(List<SignerKey> signers, VerificationKey aggregated, long epochId,
                                   TicketType ticketType, LocalDate expirationDate, SecureRandom random) {
        requireNonNull(aggregated, "aggregated is null");
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(expirationDate, "expirationDate is null");
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("no signers");
        }
        BigInteger userSecret = Bls.randomScalar(random);
        BigInteger walletSecret = Bls.randomScalar(random);
        long expiration = expirationDate.toEpochDay() * EcashParameters.SECONDS_PER_DAY;
        List<BigInteger> attributes = List.of(userSecret, walletSecret, BigInteger.valueOf(expiration), BigInteger.valueOf(ticketType.index()));
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        P1 h = Bls.hashG1(nonce);
        Map<Long, Signature> wallet = new TreeMap<>();
        Map<Long, List<Signature>> dates = new TreeMap<>();
        Map<Long, List<Signature>> coins = new TreeMap<>();
        for (SignerKey signer : signers) {
            wallet.put(signer.index(), signer.signWallet(h, attributes));
            dates.put(signer.index(), signer.signExpirationDates(expiration));
            coins.put(signer.index(), signer.signCoinIndices(aggregated));
        }
        return new Ticketbook(userSecret, walletSecret, expirationDate, ticketType.index(), epochId, aggregated,
                aggregateSignatures(wallet), aggregateSignatureLists(dates), aggregateSignatureLists(coins));
    }
}
