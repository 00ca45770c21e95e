package io.lpreg.zknym;

import java.math.BigInteger;

/** Hostile G1 encodings: a point on the curve outside the r-order subgroup, and an x with no point. */
final class CurvePoints {
    static final BigInteger P = new BigInteger("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);

    private CurvePoints() {
    }

    static byte[] g1OnCurveOutsideSubgroup() {
        for (BigInteger x = BigInteger.valueOf(5); ; x = x.add(BigInteger.ONE)) {
            if (isSquare(rhs(x))) {
                byte[] encoded = compressed(x);
                try {
                    if (!new supranational.blst.P1(encoded).in_group()) {
                        return encoded;
                    }
                } catch (RuntimeException e) {
                    // blst refused it while decompressing; try the next x
                }
            }
        }
    }

    static byte[] g1OffCurve() {
        for (BigInteger x = BigInteger.valueOf(5); ; x = x.add(BigInteger.ONE)) {
            if (!isSquare(rhs(x))) {
                return compressed(x);
            }
        }
    }

    private static BigInteger rhs(BigInteger x) {
        return x.pow(3).add(BigInteger.valueOf(4)).mod(P);
    }

    private static boolean isSquare(BigInteger a) {
        return a.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
    }

    private static byte[] compressed(BigInteger x) {
        byte[] raw = x.toByteArray();
        byte[] out = new byte[48];
        System.arraycopy(raw, Math.max(0, raw.length - 48), out, 48 - Math.min(48, raw.length), Math.min(48, raw.length));
        out[0] |= (byte) 0x80;
        return out;
    }
}
