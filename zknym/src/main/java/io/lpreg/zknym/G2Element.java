package io.lpreg.zknym;

import supranational.blst.P2;
import supranational.blst.P2_Affine;

import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * An immutable G2 point with its canonical compressed encoding (96 bytes), which is what Nym hashes into
 * transcripts and writes on the wire. Decoding checks the curve and the subgroup.
 */
public final class G2Element {
    private final byte[] compressed;
    private final P2_Affine point;

    private G2Element(byte[] compressed, P2_Affine point) {
        this.compressed = compressed;
        this.point = point;
    }

    public static G2Element decode(byte[] compressed, String what) throws MalformedZkNymException {
        requireNonNull(compressed, "compressed is null");
        byte[] copy = compressed.clone();
        return new G2Element(copy, Bls.decodeG2(copy, what).to_affine());
    }

    public static G2Element of(P2 point) {
        requireNonNull(point, "point is null");
        return new G2Element(point.compress(), point.to_affine());
    }

    public byte[] bytes() {
        return compressed.clone();
    }

    void writeTo(java.io.ByteArrayOutputStream out) {
        out.writeBytes(compressed);
    }

    /** A fresh jacobian copy; changing it never changes this element. */
    public P2 point() {
        return point.to_jacobian();
    }

    P2_Affine affine() {
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
        return other instanceof G2Element that && Arrays.equals(compressed, that.compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return "G2(" + hex() + ")";
    }
}
