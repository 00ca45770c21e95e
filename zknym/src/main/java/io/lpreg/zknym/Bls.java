package io.lpreg.zknym;

import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.PT;
import supranational.blst.Scalar;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * BLS12-381 on jblst as Nym's compact e-cash uses it (docs/zknym.md §3.3). jblst's points are mutable and its
 * arithmetic works in place and returns {@code this}: every operation here works on a {@code dup()}, so no
 * caller's point is ever changed. Scalars are {@link BigInteger}s reduced mod r.
 */
public final class Bls {
    /** The order r of G1, G2 and GT. */
    public static final BigInteger ORDER = new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);
    public static final int G1_SIZE = 48;
    public static final int G2_SIZE = 96;
    public static final int SCALAR_SIZE = 32;
    public static final String HASH_TO_G1_DST = "NYMECASH-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
    public static final String HASH_TO_SCALAR_DST = "NYMECASH-V01-CS02-with-expander-SHA256";

    private static final P1_Affine G1_GENERATOR = P1_Affine.generator();
    private static final P2_Affine G2_GENERATOR = P2_Affine.generator();
    private static final P2_Affine G2_GENERATOR_NEGATED = P2.generator().neg().to_affine();

    private Bls() {
    }

    public static P1 g1() {
        return G1_GENERATOR.to_jacobian();
    }

    public static P2 g2() {
        return G2_GENERATOR.to_jacobian();
    }

    /** RFC 9380 hash_to_curve to G1 (SSWU, XMD:SHA-256) under Nym's DST ({@code utils.rs::hash_g1}). */
    public static P1 hashG1(byte[] message) {
        requireNonNull(message, "message is null");
        return new P1().hash_to(message, HASH_TO_G1_DST);
    }

    public static P1 hashG1(String message) {
        return hashG1(message.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 9380 hash_to_field: 48 bytes of expand_message_xmd(SHA-256), big-endian, mod r. */
    public static BigInteger hashToScalar(byte[] message) {
        requireNonNull(message, "message is null");
        return new BigInteger(1, new Scalar().hash_to(message, HASH_TO_SCALAR_DST).to_bendian());
    }

    public static BigInteger mod(BigInteger value) {
        return value.mod(ORDER);
    }

    /** A uniformly random scalar (512 bits reduced mod r, as zkcrypto's {@code Scalar::random}). */
    public static BigInteger randomScalar(SecureRandom random) {
        return new BigInteger(512, random).mod(ORDER);
    }

    /** A scalar as Nym writes it: 32 bytes little-endian. */
    public static byte[] scalarToLe(BigInteger scalar) {
        byte[] big = mod(scalar).toByteArray();
        byte[] out = new byte[SCALAR_SIZE];
        for (int i = 0; i < Math.min(big.length, SCALAR_SIZE); i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    /** A canonical little-endian scalar (below r), as zkcrypto's {@code Scalar::from_bytes} accepts it. */
    public static BigInteger scalarFromLe(byte[] bytes, String what) throws MalformedZkNymException {
        if (bytes.length != SCALAR_SIZE) {
            throw new MalformedZkNymException(what + ": a scalar is 32 bytes, not " + bytes.length);
        }
        byte[] big = new byte[SCALAR_SIZE];
        for (int i = 0; i < SCALAR_SIZE; i++) {
            big[i] = bytes[SCALAR_SIZE - 1 - i];
        }
        BigInteger value = new BigInteger(1, big);
        if (value.compareTo(ORDER) >= 0) {
            throw new MalformedZkNymException(what + ": scalar not canonical (not below the group order)");
        }
        return value;
    }

    /** The little-endian integer of 32 bytes, reduced (for constants and {@code from_bytes_wide}). */
    static BigInteger leInteger(byte[] bytes) {
        byte[] big = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            big[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, big);
    }

    public static P1 mul(P1 point, BigInteger scalar) {
        return point.dup().mult(mod(scalar));
    }

    public static P2 mul(P2 point, BigInteger scalar) {
        return point.dup().mult(mod(scalar));
    }

    public static P1 add(P1 a, P1 b) {
        return a.dup().add(b);
    }

    public static P2 add(P2 a, P2 b) {
        return a.dup().add(b);
    }

    /**
     * A compressed G1 point as zkcrypto's {@code from_compressed} accepts it: on the curve, in the subgroup,
     * the identity allowed, and only in its one canonical encoding (so re-encoding gives the same bytes).
     */
    public static P1 decodeG1(byte[] compressed, String what) throws MalformedZkNymException {
        if (compressed.length != G1_SIZE || (compressed[0] & 0x80) == 0) {
            throw new MalformedZkNymException(what + ": not a compressed G1 point");
        }
        P1 point;
        try {
            point = new P1(compressed);
        } catch (RuntimeException e) {
            throw new MalformedZkNymException(what + ": not a G1 point (" + e.getMessage() + ")");
        }
        if (!point.on_curve()) {
            throw new MalformedZkNymException(what + ": G1 point not on the curve");
        }
        if (!point.in_group()) {
            throw new MalformedZkNymException(what + ": G1 point not in the prime-order subgroup");
        }
        if (!Arrays.equals(point.compress(), compressed)) {
            throw new MalformedZkNymException(what + ": G1 point not canonically encoded");
        }
        return point;
    }

    /** As {@link #decodeG1}, for G2. */
    public static P2 decodeG2(byte[] compressed, String what) throws MalformedZkNymException {
        if (compressed.length != G2_SIZE || (compressed[0] & 0x80) == 0) {
            throw new MalformedZkNymException(what + ": not a compressed G2 point");
        }
        P2 point;
        try {
            point = new P2(compressed);
        } catch (RuntimeException e) {
            throw new MalformedZkNymException(what + ": not a G2 point (" + e.getMessage() + ")");
        }
        if (!point.on_curve()) {
            throw new MalformedZkNymException(what + ": G2 point not on the curve");
        }
        if (!point.in_group()) {
            throw new MalformedZkNymException(what + ": G2 point not in the prime-order subgroup");
        }
        if (!Arrays.equals(point.compress(), compressed)) {
            throw new MalformedZkNymException(what + ": G2 point not canonically encoded");
        }
        return point;
    }

    /**
     * {@code e(p, q) · e(-r, g2) == 1} with one final exponentiation, as Nym's {@code check_bilinear_pairing} and
     * {@code batch_verify_signatures}; each pair is (h, Q, s). Like zkcrypto's multi-Miller loop, a term holding
     * the identity contributes 1.
     */
    public static boolean signaturePairingsHold(P1[] h, P2[] q, P1[] s) {
        PT product = null;
        for (int i = 0; i < h.length; i++) {
            product = times(product, h[i], q[i].is_inf() ? null : q[i].to_affine());
            product = times(product, s[i], G2_GENERATOR_NEGATED);
        }
        return product == null || product.final_exp().is_one();
    }

    private static PT times(PT product, P1 p, P2_Affine q) {
        if (q == null || p.is_inf()) {
            return product;
        }
        PT loop = new PT(p.to_affine(), q);
        return product == null ? loop : product.mul(loop);
    }
}
