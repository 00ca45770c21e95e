package io.lpreg.zknym;

import supranational.blst.P1;
import supranational.blst.P1_Affine;

import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * An immutable G1 point with its canonical compressed encoding (48 bytes), which is what Nym hashes into
 * transcripts and writes on the wire. Decoding checks the curve and the subgroup.
 */
public final class G1Element {
    private final byte[] compressed;
    private final P1_Affine point;

    private G1Element(byte[] compressed, P1_Affine point) {
        this.compressed = compressed;
        this.point = point;
    }

    public static G1Element decode(byte[] compressed, String what) throws MalformedZkNymException {
        requireNonNull(compressed, "compressed is null");
        byte[] copy = compressed.clone();
        return new G1Element(copy, Bls.decodeG1(copy, what).to_affine());
    }

    public static G1Element of(P1 point) {
        requireNonNull(point, "point is null");
        return new G1Element(point.compress(), point.to_affine());
    }

    public byte[] bytes() {
        return compressed.clone();
    }

    void writeTo(java.io.ByteArrayOutputStream out) {
        out.writeBytes(compressed);
    }

    /** A fresh jacobian copy; changing it never changes this element. */
    public P1 point() {
        return point.to_jacobian();
    }

    P1_Affine affine() {
        return point;
    }

    public boolean isIdentity() {
        return point.is_inf();
    }

    public String hex() {
        return HexFormat.of().formatHex(compressed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof G1Element that && Arrays.equals(compressed, that.compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return "G1(" + hex() + ")";
    }
}
