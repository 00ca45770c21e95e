package io.lpreg.protocol.credential;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Structural checks on the BLS12-381 encodings Nym's ({@code zkcrypto/bls12_381}) {@code from_compressed}
 * and {@code Scalar::from_bytes} apply before any curve arithmetic: flag bits, canonical field elements,
 * canonical scalars. On-curve and subgroup membership are a verifier's business, not a codec's.
 */
final class Encodings {
    static final int G1_SIZE = 48;
    static final int G2_SIZE = 96;
    static final int SCALAR_SIZE = 32;

    private static final int COMPRESSION_FLAG = 0x80;
    private static final int INFINITY_FLAG = 0x40;
    private static final int FLAG_MASK = 0xE0;
    private static final int COORDINATE_BITS = 0x1F;

    /** The base field modulus p, big-endian. */
    private static final byte[] FIELD_MODULUS = HexFormat.of().parseHex(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab");
    /** The group order r, big-endian (scalars are encoded little-endian). */
    private static final byte[] GROUP_ORDER = HexFormat.of().parseHex(
            "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");

    private Encodings() {
    }

    /**
     * Why {@code compressed} cannot be a compressed G1 (48 bytes) or G2 (96 bytes: x.c1 ‖ x.c0) point,
     * or null when its flags and coordinates are plausible.
     */
    static String pointProblem(byte[] compressed) {
        int flags = compressed[0] & FLAG_MASK;
        if ((flags & COMPRESSION_FLAG) == 0) {
            return "compression flag not set";
        }
        if ((flags & INFINITY_FLAG) != 0) {
            boolean zero = flags == (COMPRESSION_FLAG | INFINITY_FLAG) && (compressed[0] & COORDINATE_BITS) == 0;
            for (int i = 1; i < compressed.length && zero; i++) {
                zero = compressed[i] == 0;
            }
            return zero ? null : "infinity flag set but sort flag or coordinate bits are not zero";
        }
        for (int offset = 0; offset < compressed.length; offset += G1_SIZE) {
            byte[] coordinate = Arrays.copyOfRange(compressed, offset, offset + G1_SIZE);
            if (offset == 0) {
                coordinate[0] &= COORDINATE_BITS;
            }
            if (Arrays.compareUnsigned(coordinate, FIELD_MODULUS) >= 0) {
                return "coordinate is not below the field modulus";
            }
        }
        return null;
    }

    /** Why {@code littleEndian} cannot be a canonical scalar, or null. */
    static String scalarProblem(byte[] littleEndian) {
        for (int i = SCALAR_SIZE - 1; i >= 0; i--) {
            int have = littleEndian[i] & 0xff;
            int limit = GROUP_ORDER[SCALAR_SIZE - 1 - i] & 0xff;
            if (have != limit) {
                return have < limit ? null : "scalar is not below the group order";
            }
        }
        return "scalar is not below the group order";
    }

    static boolean isIdentity(byte[] compressed) {
        return (compressed[0] & INFINITY_FLAG) != 0;
    }

    static byte[] checkedCopy(byte[] value, int size, String type) {
        if (value.length != size) {
            throw new IllegalArgumentException(type + " must be " + size + " bytes, got " + value.length);
        }
        return value.clone();
    }

    static String hex(byte[] value) {
        return HexFormat.of().formatHex(value);
    }
}
