package io.lpreg.ecash.issuer;

import supranational.blst.P1_Affine;

import java.util.Arrays;

/** Compressed G1 encodings that are each wrong in exactly one way, found by search rather than hard-coded. */
public final class MalformedPoints {
    private MalformedPoints() {
    }

    /** {@code 0xc0 ‖ 0…}: the canonical encoding of the identity. */
    public static byte[] infinity() {
        byte[] bytes = new byte[48];
        bytes[0] = (byte) 0xc0;
        return bytes;
    }

    /** A well-formed x for which x³ + 4 has no square root. */
    public static byte[] notOnCurve() {
        for (int x = 1; x < 1000; x++) {
            byte[] bytes = withX(x);
            try {
                new P1_Affine(bytes);
            } catch (RuntimeException e) {
                if (String.valueOf(e.getMessage()).contains("not on curve")) {
                    return bytes;
                }
            }
        }
        throw new IllegalStateException("no x off the curve below 1000");
    }

    /** A point on the curve whose order is not r (the cofactor of G1 is large, so most points are like this). */
    public static byte[] notInSubgroup() {
        for (int x = 1; x < 1000; x++) {
            byte[] bytes = withX(x);
            try {
                P1_Affine point = new P1_Affine(bytes);
                if (point.on_curve() && !point.in_group() && !point.is_inf()) {
                    return bytes;
                }
            } catch (RuntimeException e) {
                // not on the curve: try the next x
            }
        }
        throw new IllegalStateException("no point outside the subgroup below 1000");
    }

    /** The generator with the compression flag cleared. */
    public static byte[] uncompressedFlag(byte[] compressed) {
        byte[] bytes = compressed.clone();
        bytes[0] &= 0x7f;
        return bytes;
    }

    private static byte[] withX(int x) {
        byte[] bytes = new byte[48];
        bytes[0] = (byte) 0x80;
        bytes[46] = (byte) (x >> 8);
        bytes[47] = (byte) x;
        return Arrays.copyOf(bytes, 48);
    }
}
