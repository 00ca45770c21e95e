package io.lpreg.tickets;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The structural check of a compressed BLS12-381 G1 point that {@code from_compressed} applies before any
 * curve arithmetic (flag bits, x below p). On-curve and subgroup membership are the verifier's business.
 * The zk-nym codec in {@code protocol} checks its own points; this module must not depend on the wire core.
 */
final class G1Encoding {
    static final int SIZE = 48;

    private static final int COMPRESSION_FLAG = 0x80;
    private static final int INFINITY_FLAG = 0x40;
    private static final int FLAG_MASK = 0xE0;
    private static final int COORDINATE_BITS = 0x1F;
    /** The base field modulus p, big-endian. */
    private static final byte[] FIELD_MODULUS = HexFormat.of().parseHex(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab");

    private G1Encoding() {
    }

    /** Why {@code compressed} (48 bytes) cannot be a compressed G1 point, or null when it can. */
    static String problem(byte[] compressed) {
        if (compressed.length != SIZE) {
            return "must be " + SIZE + " bytes, got " + compressed.length;
        }
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
        byte[] x = compressed.clone();
        x[0] &= COORDINATE_BITS;
        return Arrays.compareUnsigned(x, FIELD_MODULUS) >= 0 ? "coordinate is not below the field modulus" : null;
    }
}
