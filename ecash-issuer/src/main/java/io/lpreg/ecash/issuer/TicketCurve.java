package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;
import io.lpreg.tickets.TicketMessages;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.PT;

import java.math.BigInteger;
import java.security.SecureRandom;

import static java.util.Objects.requireNonNull;

/**
 * The BLS12-381 operations of {@code bls-ticket-v1} on blst (min-sig: signatures in G1, keys in G2).
 * jblst's points are mutable and its arithmetic works in place, so nothing here hands out or keeps a point
 * that a caller could change under it.
 */
public final class TicketCurve {
    /** The order r of G1, G2 and GT. */
    public static final BigInteger ORDER = new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);
    public static final int G1_SIZE = 48;
    public static final int G2_SIZE = 96;
    public static final int SCALAR_SIZE = 32;

    private static final int COMPRESSION_FLAG = 0x80;

    private TicketCurve() {
    }

    /** H(m): RFC 9380 hash to G1 (SSWU, XMD:SHA-256) under {@link TicketMessages#HASH_TO_G1_DST}. */
    public static P1 hashToG1(byte[] message) {
        requireNonNull(message, "message is null");
        return new P1().hash_to(message, TicketMessages.HASH_TO_G1_DST);
    }

    /** H(m) of one ticket. */
    public static P1 ticketPoint(TicketType ticketType, long epoch, byte[] serial) {
        return hashToG1(TicketMessages.ticketMessage(ticketType, epoch, serial));
    }

    /** A compressed G1 point that is on the curve, in the subgroup and not the identity. */
    public static P1_Affine g1(byte[] compressed, String what) throws InvalidPointException {
        requireNonNull(compressed, "compressed is null");
        if (compressed.length != G1_SIZE || (compressed[0] & COMPRESSION_FLAG) == 0) {
            throw new InvalidPointException(what, InvalidPointException.Problem.ENCODING);
        }
        P1_Affine point;
        try {
            point = new P1_Affine(compressed);
        } catch (RuntimeException e) {
            throw new InvalidPointException(what, problemOf(e));
        }
        if (point.is_inf()) {
            throw new InvalidPointException(what, InvalidPointException.Problem.INFINITY);
        }
        if (!point.on_curve()) {
            throw new InvalidPointException(what, InvalidPointException.Problem.NOT_ON_CURVE);
        }
        if (!point.in_group()) {
            throw new InvalidPointException(what, InvalidPointException.Problem.NOT_IN_SUBGROUP);
        }
        return point;
    }

    /** A compressed G2 point that is on the curve, in the subgroup and not the identity. */
    public static P2_Affine g2(byte[] compressed, String what) throws InvalidPointException {
        requireNonNull(compressed, "compressed is null");
        if (compressed.length != G2_SIZE || (compressed[0] & COMPRESSION_FLAG) == 0) {
            throw new InvalidPointException(what, InvalidPointException.Problem.ENCODING);
        }
        P2_Affine point;
        try {
            point = new P2_Affine(compressed);
        } catch (RuntimeException e) {
            throw new InvalidPointException(what, problemOf(e));
        }
        if (point.is_inf()) {
            throw new InvalidPointException(what, InvalidPointException.Problem.INFINITY);
        }
        if (!point.on_curve()) {
            throw new InvalidPointException(what, InvalidPointException.Problem.NOT_ON_CURVE);
        }
        if (!point.in_group()) {
            throw new InvalidPointException(what, InvalidPointException.Problem.NOT_IN_SUBGROUP);
        }
        return point;
    }

    /** blst refuses some encodings while decompressing; its message says which check failed. */
    private static InvalidPointException.Problem problemOf(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("not on curve")) {
            return InvalidPointException.Problem.NOT_ON_CURVE;
        }
        if (message.contains("not in group")) {
            return InvalidPointException.Problem.NOT_IN_SUBGROUP;
        }
        return InvalidPointException.Problem.ENCODING;
    }

    /** {@code e(sigma, g2) == e(message, key)}: two Miller loops, one final exponentiation. */
    public static boolean pairingCheck(P1_Affine sigma, P1_Affine message, P2_Affine key) {
        return PT.finalverify(new PT(sigma, P2_Affine.generator()), new PT(message, key));
    }

    /** The verification key sk·g2 of a secret scalar, compressed. */
    public static byte[] publicKey(BigInteger secret) {
        return P2.generator().mult(secret).compress();
    }

    /** A uniformly random non-zero scalar. */
    public static BigInteger randomScalar(SecureRandom random) {
        BigInteger wide = new BigInteger(512, random);
        return wide.mod(ORDER.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    public static byte[] scalarBytes(BigInteger scalar) {
        byte[] raw = scalar.toByteArray();
        byte[] out = new byte[SCALAR_SIZE];
        int copy = Math.min(raw.length, SCALAR_SIZE);
        System.arraycopy(raw, raw.length - copy, out, SCALAR_SIZE - copy, copy);
        return out;
    }

    /** A big-endian scalar in [1, r). */
    public static BigInteger scalar(byte[] bigEndian) {
        if (bigEndian.length != SCALAR_SIZE) {
            throw new IllegalArgumentException("a scalar is 32 bytes, got " + bigEndian.length);
        }
        BigInteger value = new BigInteger(1, bigEndian);
        if (value.signum() == 0 || value.compareTo(ORDER) >= 0) {
            throw new IllegalArgumentException("scalar is not in [1, r)");
        }
        return value;
    }

    static P1 multiply(P1_Affine point, BigInteger scalar) {
        return point.to_jacobian().mult(scalar);
    }
}
