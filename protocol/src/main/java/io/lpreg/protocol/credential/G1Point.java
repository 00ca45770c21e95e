package io.lpreg.protocol.credential;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A compressed BLS12-381 G1 point (48 bytes, ZCash flag convention). Only its encoding is checked
 * (flags, coordinate below p), not that it lies on the curve or in the subgroup.
 */
public record G1Point(byte[] compressed) {
    public static final int SIZE = Encodings.G1_SIZE;

    public G1Point {
        requireNonNull(compressed, "compressed is null");
        compressed = Encodings.checkedCopy(compressed, SIZE, "G1 point");
        String problem = Encodings.pointProblem(compressed);
        if (problem != null) {
            throw new IllegalArgumentException("G1 point: " + problem);
        }
    }

    @Override
    public byte[] compressed() {
        return compressed.clone();
    }

    /** The point at infinity ({@code 0xc0 ‖ 0…}), which a verifier must refuse as a signature component. */
    public boolean isIdentity() {
        return Encodings.isIdentity(compressed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof G1Point that && Arrays.equals(compressed, that.compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return "G1Point[" + Encodings.hex(compressed) + "]";
    }
}
