package io.lpreg.protocol.credential;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A compressed BLS12-381 G2 point (96 bytes: x.c1 ‖ x.c0, ZCash flag convention). Only its encoding is
 * checked (flags, both coordinates below p), not that it lies on the curve or in the subgroup.
 */
public record G2Point(byte[] compressed) {
    public static final int SIZE = Encodings.G2_SIZE;

    public G2Point {
        requireNonNull(compressed, "compressed is null");
        compressed = Encodings.checkedCopy(compressed, SIZE, "G2 point");
        String problem = Encodings.pointProblem(compressed);
        if (problem != null) {
            throw new IllegalArgumentException("G2 point: " + problem);
        }
    }

    @Override
    public byte[] compressed() {
        return compressed.clone();
    }

    /** The point at infinity ({@code 0xc0 ‖ 0…}). */
    public boolean isIdentity() {
        return Encodings.isIdentity(compressed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof G2Point that && Arrays.equals(compressed, that.compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return "G2Point[" + Encodings.hex(compressed) + "]";
    }
}
