package io.lpreg.ecash.issuer;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.lpreg.ecash.issuer.TicketCurve.ORDER;
import static java.util.Objects.requireNonNull;

/** Shamir secret sharing over the scalar field of BLS12-381; signer i holds f(i), i = 1..n. */
public final class SecretSharing {
    private SecretSharing() {
    }

    /** The shares f(1), ..., f(n) of a random polynomial of degree t−1 with f(0) = {@code secret}. */
    public static List<BigInteger> split(BigInteger secret, int threshold, int signers, SecureRandom random) {
        requireNonNull(secret, "secret is null");
        requireNonNull(random, "random is null");
        checkThreshold(threshold, signers);
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = secret.mod(ORDER);
        for (int k = 1; k < threshold; k++) {
            coefficients[k] = TicketCurve.randomScalar(random);
        }
        BigInteger[] shares = new BigInteger[signers];
        for (int i = 1; i <= signers; i++) {
            BigInteger x = BigInteger.valueOf(i);
            BigInteger value = BigInteger.ZERO;
            for (int k = threshold - 1; k >= 0; k--) {
                value = value.multiply(x).add(coefficients[k]).mod(ORDER);
            }
            shares[i - 1] = value;
        }
        return List.of(shares);
    }

    /** λ_i = Π_{j≠i} j / (j − i) mod r: the weight of share i when interpolating at 0 from {@code indices}. */
    public static BigInteger lagrangeAtZero(int index, Set<Integer> indices) {
        requireNonNull(indices, "indices is null");
        if (!indices.contains(index)) {
            throw new IllegalArgumentException("index " + index + " is not among " + indices);
        }
        BigInteger numerator = BigInteger.ONE;
        BigInteger denominator = BigInteger.ONE;
        for (int j : new TreeSet<>(indices)) {
            if (j <= 0) {
                throw new IllegalArgumentException("share indices start at 1, got " + j);
            }
            if (j == index) {
                continue;
            }
            numerator = numerator.multiply(BigInteger.valueOf(j)).mod(ORDER);
            denominator = denominator.multiply(BigInteger.valueOf(j - index)).mod(ORDER);
        }
        return numerator.multiply(denominator.modInverse(ORDER)).mod(ORDER);
    }

    static void checkThreshold(int threshold, int signers) {
        if (signers < 1 || signers > 255) {
            throw new IllegalArgumentException("signers must be between 1 and 255, got " + signers);
        }
        if (threshold < 1 || threshold > signers) {
            throw new IllegalArgumentException("threshold must be between 1 and signers (" + signers + "), got " + threshold);
        }
    }
}
