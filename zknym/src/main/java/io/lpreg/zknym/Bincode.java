package io.lpreg.zknym;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The bincode Nym's e-cash types use: {@code DefaultOptions} with big-endian varints (docs/zknym.md §2.2), points
 * and scalars as serdect 0.3 byte strings (a varint length, then 48, 96 or 32 bytes). Reading is strict:
 * only the minimal varint form, exact lengths, vectors capped before anything is allocated.
 */
final class Bincode {
    static final int MAX_VECTOR = 64;

    private Bincode() {
    }

    static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int position;

        Reader(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.position = offset;
            this.end = offset + length;
        }

        int remaining() {
            return end - position;
        }

        void expectEnd(String what) throws MalformedZkNymException {
            if (position != end) {
                throw new MalformedZkNymException(what + ": " + remaining() + " trailing bytes");
            }
        }

        byte[] raw(int length, String what) throws MalformedZkNymException {
            if (length < 0 || length > remaining()) {
                throw new MalformedZkNymException(what + ": truncated (needs " + length + " bytes, " + remaining() + " left)");
            }
            byte[] out = new byte[length];
            System.arraycopy(bytes, position, out, 0, length);
            position += length;
            return out;
        }

        int u8(String what) throws MalformedZkNymException {
            return raw(1, what)[0] & 0xff;
        }

        /** A varint u64 in its minimal form; the value is unsigned in the returned long's bits. */
        long varint(String what) throws MalformedZkNymException {
            int first = u8(what);
            if (first < 251) {
                return first;
            }
            int width = switch (first) {
                case 251 -> 2;
                case 252 -> 4;
                case 253 -> 8;
                default -> throw new MalformedZkNymException(what + ": varint marker " + first + " is not valid for u64");
            };
            long value = new BigInteger(1, raw(width, what)).longValue();
            long minimum = switch (width) {
                case 2 -> 251;
                case 4 -> 1L << 16;
                default -> 1L << 32;
            };
            if (Long.compareUnsigned(value, minimum) < 0) {
                throw new MalformedZkNymException(what + ": varint not in its shortest form");
            }
            return value;
        }

        byte[] byteString(int expected, String what) throws MalformedZkNymException {
            long length = varint(what + " length");
            if (length != expected) {
                throw new MalformedZkNymException(what + ": byte string of " + Long.toUnsignedString(length) + " bytes, expected " + expected);
            }
            return raw(expected, what);
        }

        G1Element g1(String what) throws MalformedZkNymException {
            return G1Element.decode(byteString(Bls.G1_SIZE, what), what);
        }

        G2Element g2(String what) throws MalformedZkNymException {
            return G2Element.decode(byteString(Bls.G2_SIZE, what), what);
        }

        BigInteger scalar(String what) throws MalformedZkNymException {
            return Bls.scalarFromLe(byteString(Bls.SCALAR_SIZE, what), what);
        }

        Signature signature(String what) throws MalformedZkNymException {
            return new Signature(g1(what + ".h"), g1(what + ".s"));
        }

        /** A vector's length, refused above {@link #MAX_VECTOR} or above what the remaining bytes can hold. */
        int vectorLength(int minimumElementSize, String what) throws MalformedZkNymException {
            long length = varint(what + " length");
            if (Long.compareUnsigned(length, MAX_VECTOR) > 0) {
                throw new MalformedZkNymException(what + ": " + Long.toUnsignedString(length) + " elements, at most " + MAX_VECTOR);
            }
            if (length * minimumElementSize > remaining()) {
                throw new MalformedZkNymException(what + ": " + length + " elements do not fit in the " + remaining() + " bytes left");
            }
            return (int) length;
        }

        List<G1Element> g1s(String what) throws MalformedZkNymException {
            int n = vectorLength(1 + Bls.G1_SIZE, what);
            List<G1Element> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(g1(what + "[" + i + "]"));
            }
            return List.copyOf(out);
        }

        List<G2Element> g2s(String what) throws MalformedZkNymException {
            int n = vectorLength(1 + Bls.G2_SIZE, what);
            List<G2Element> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(g2(what + "[" + i + "]"));
            }
            return List.copyOf(out);
        }

        List<Signature> signatures(String what) throws MalformedZkNymException {
            int n = vectorLength(2 * (1 + Bls.G1_SIZE), what);
            List<Signature> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(signature(what + "[" + i + "]"));
            }
            return List.copyOf(out);
        }

        List<BigInteger> scalars(String what) throws MalformedZkNymException {
            int n = vectorLength(1 + Bls.SCALAR_SIZE, what);
            List<BigInteger> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(scalar(what + "[" + i + "]"));
            }
            return List.copyOf(out);
        }
    }

    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1300);

        byte[] toByteArray() {
            return out.toByteArray();
        }

        Writer raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Writer u8(int value) {
            out.write(value);
            return this;
        }

        Writer varint(long value) {
            if (Long.compareUnsigned(value, 251) < 0) {
                out.write((int) value);
            } else if (Long.compareUnsigned(value, 1L << 16) < 0) {
                out.write(251);
                out.write((int) (value >>> 8));
                out.write((int) value);
            } else if (Long.compareUnsigned(value, 1L << 32) < 0) {
                out.write(252);
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out.write((int) (value >>> shift));
                }
            } else {
                out.write(253);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (value >>> shift));
                }
            }
            return this;
        }

        Writer byteString(byte[] bytes) {
            varint(bytes.length);
            return raw(bytes);
        }

        Writer g1(G1Element point) {
            return byteString(point.bytes());
        }

        Writer g2(G2Element point) {
            return byteString(point.bytes());
        }

        Writer scalar(BigInteger scalar) {
            return byteString(Bls.scalarToLe(scalar));
        }

        Writer signature(Signature signature) {
            return g1(signature.h()).g1(signature.s());
        }

        Writer g1s(List<G1Element> points) {
            varint(points.size());
            points.forEach(this::g1);
            return this;
        }

        Writer g2s(List<G2Element> points) {
            varint(points.size());
            points.forEach(this::g2);
            return this;
        }

        Writer signatures(List<Signature> signatures) {
            varint(signatures.size());
            signatures.forEach(this::signature);
            return this;
        }

        Writer scalars(List<BigInteger> scalars) {
            varint(scalars.size());
            scalars.forEach(this::scalar);
            return this;
        }
    }
}
