package io.lpreg.protocol.v3.psq;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The TLS-codec pieces libcrux-psq serialises with: raw fixed-size fields, and variable-length vectors
 * whose length is a QUIC varint (1 byte below 64, {@code 0x40|len} in 2 bytes below 16 384, 4 bytes
 * below 2³⁰), minimal as the codec requires.
 */
public final class Tls {
    private Tls() {
    }

    /** A growing message. */
    public static final class Writer {
        private final ByteArrayOutputStream out;

        public Writer(int expectedSize) {
            out = new ByteArrayOutputStream(expectedSize);
        }

        public Writer u8(int value) {
            out.write(value);
            return this;
        }

        public Writer raw(byte[] value) {
            out.write(value, 0, value.length);
            return this;
        }

        public Writer vl(byte[] value) {
            int length = value.length;
            if (length < 0x40) {
                out.write(length);
            } else if (length < 0x4000) {
                out.write(0x40 | length >>> 8);
                out.write(length);
            } else {
                out.write(0x80 | length >>> 24);
                out.write(length >>> 16);
                out.write(length >>> 8);
                out.write(length);
            }
            return raw(value);
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    public static byte[] vl(byte[] value) {
        return new Writer(value.length + 4).vl(value).toByteArray();
    }

    /** A bounds-checked cursor; every failure is an {@link LpProtocolException}. */
    public static final class Reader {
        private final byte[] in;
        private int position;

        public Reader(byte[] in) {
            this.in = in;
        }

        public int remaining() {
            return in.length - position;
        }

        public int u8(String what) throws LpProtocolException {
            require(1, what);
            return in[position++] & 0xff;
        }

        public byte[] raw(int count, String what) throws LpProtocolException {
            require(count, what);
            byte[] value = Arrays.copyOfRange(in, position, position + count);
            position += count;
            return value;
        }

        public long u64(String what) throws LpProtocolException {
            byte[] bytes = raw(8, what);
            long value = 0;
            for (byte b : bytes) {
                value = value << 8 | (b & 0xff);
            }
            return value;
        }

        public byte[] vl(String what) throws LpProtocolException {
            int first = u8(what + " length");
            int length;
            switch (first >>> 6) {
                case 0 -> length = first;
                case 1 -> {
                    length = (first & 0x3f) << 8 | u8(what + " length");
                    if (length < 0x40) {
                        throw new LpProtocolException(LpError.MALFORMED, what + ": non-minimal length");
                    }
                }
                case 2 -> {
                    length = (first & 0x3f) << 24 | u8(what) << 16 | u8(what) << 8 | u8(what);
                    if (length < 0x4000) {
                        throw new LpProtocolException(LpError.MALFORMED, what + ": non-minimal length");
                    }
                }
                default -> throw new LpProtocolException(LpError.MALFORMED, what + ": 8-byte lengths are not used");
            }
            return raw(length, what);
        }

        /** The message must end here: nothing Nym sends has trailing bytes. */
        public void end(String what) throws LpProtocolException {
            if (remaining() != 0) {
                throw new LpProtocolException(LpError.BAD_LENGTH, what + " has " + remaining() + " trailing bytes");
            }
        }

        private void require(int count, String what) throws LpProtocolException {
            if (count < 0 || count > remaining()) {
                throw new LpProtocolException(LpError.BAD_LENGTH,
                        what + " needs " + count + " bytes, " + remaining() + " remain");
            }
        }
    }
}
