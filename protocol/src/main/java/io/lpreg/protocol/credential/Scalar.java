package io.lpreg.protocol.credential;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/** A BLS12-381 scalar: 32 bytes, little-endian, canonical (below the group order r). */
public record Scalar(byte[] littleEndian) {
    public static final int SIZE = Encodings.SCALAR_SIZE;

    public Scalar {
        requireNonNull(littleEndian, "littleEndian is null");
        littleEndian = Encodings.checkedCopy(littleEndian, SIZE, "scalar");
        String problem = Encodings.scalarProblem(littleEndian);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    @Override
    public byte[] littleEndian() {
        return littleEndian.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Scalar that && Arrays.equals(littleEndian, that.littleEndian);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(littleEndian);
    }

    @Override
    public String toString() {
        return "Scalar[" + Encodings.hex(littleEndian) + "]";
    }
}
