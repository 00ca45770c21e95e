package io.lpreg.protocol.v3.registration;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * bincode 1 with Nym's LP options ({@code DefaultOptions} made big-endian and varint): integers and
 * lengths and enum tags are varints (one byte up to 250, else 251/252/253 and a big-endian u16/u32/u64),
 * fixed arrays are raw bytes, strings a varint length and UTF-8. Over-long varints are refused, so a
 * decoded message re-encodes to the same bytes.
 */
final class LpBincode {
    private static final int SINGLE_BYTE_MAX = 250;
    private static final int U16 = 251;
    private static final int U32 = 252;
    private static final int U64 = 253;

    private LpBincode() {
    }

    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(96);

        Writer varint(long value) {
            if (Long.compareUnsigned(value, SINGLE_BYTE_MAX) <= 0) {
                out.write((int) value);
            } else if (Long.compareUnsigned(value, 0xffffL) <= 0) {
                out.write(U16);
                bigEndian(value, 2);
            } else if (Long.compareUnsigned(value, 0xffff_ffffL) <= 0) {
                out.write(U32);
                bigEndian(value, 4);
            } else {
                out.write(U64);
                bigEndian(value, 8);
            }
            return this;
        }

        Writer bool(boolean value) {
            out.write(value ? 1 : 0);
            return this;
        }

        Writer raw(byte[] value) {
            out.write(value, 0, value.length);
            return this;
        }

        Writer string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            return varint(utf8.length).raw(utf8);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void bigEndian(long value, int size) {
            for (int shift = 8 * (size - 1); shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift));
            }
        }
    }

    static final class Reader {
        private final byte[] in;
        private int position;

        Reader(byte[] in) {
            this.in = in;
        }

        int position() {
            return position;
        }

        void skip(int count) throws LpProtocolException {
            require(count, "field");
            position += count;
        }

        byte[] input() {
            return in;
        }

        long varint(String what) throws LpProtocolException {
            require(1, what);
            int marker = in[position++] & 0xff;
            if (marker <= SINGLE_BYTE_MAX) {
                return marker;
            }
            int size = switch (marker) {
                case U16 -> 2;
                case U32 -> 4;
                case U64 -> 8;
                default -> throw new LpProtocolException(LpError.MALFORMED, what + ": invalid varint marker " + marker);
            };
            require(size, what);
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = value << 8 | (in[position + i] & 0xffL);
            }
            position += size;
            long minimum = switch (size) {
                case 2 -> SINGLE_BYTE_MAX + 1;
                case 4 -> 0x1_0000L;
                default -> 0x1_0000_0000L;
            };
            if (Long.compareUnsigned(value, minimum) < 0) {
                throw new LpProtocolException(LpError.MALFORMED, what + ": over-long varint");
            }
            return value;
        }

        /** An enum tag below {@code variants}. */
        int variant(String what, int variants) throws LpProtocolException {
            long tag = varint(what);
            if (Long.compareUnsigned(tag, variants) >= 0) {
                throw new LpProtocolException(LpError.MALFORMED, "unknown " + what + " variant " + Long.toUnsignedString(tag));
            }
            return (int) tag;
        }

        int u16(String what) throws LpProtocolException {
            long value = varint(what);
            if (Long.compareUnsigned(value, 0xffff) > 0) {
                throw new LpProtocolException(LpError.MALFORMED, what + " does not fit a u16");
            }
            return (int) value;
        }

        boolean bool(String what) throws LpProtocolException {
            return switch (raw(1, what)[0]) {
                case 0 -> false;
                case 1 -> true;
                default -> throw new LpProtocolException(LpError.MALFORMED, what + ": invalid bool");
            };
        }

        byte[] raw(int count, String what) throws LpProtocolException {
            require(count, what);
            byte[] value = Arrays.copyOfRange(in, position, position + count);
            position += count;
            return value;
        }

        String string(String what, int maxBytes) throws LpProtocolException {
            long length = varint(what + " length");
            if (Long.compareUnsigned(length, maxBytes) > 0) {
                throw new LpProtocolException(LpError.MALFORMED, what + " longer than " + maxBytes + " bytes");
            }
            byte[] utf8 = raw((int) length, what);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
            } catch (CharacterCodingException e) {
                throw new LpProtocolException(LpError.MALFORMED, what + " is not valid UTF-8");
            }
        }

        void end(String what) throws LpProtocolException {
            if (position != in.length) {
                throw new LpProtocolException(LpError.BAD_LENGTH, what + " has " + (in.length - position) + " trailing bytes");
            }
        }

        private void require(int count, String what) throws LpProtocolException {
            if (count < 0 || count > in.length - position) {
                throw new LpProtocolException(LpError.MALFORMED, what + " needs " + count + " bytes, " + (in.length - position) + " remain");
            }
        }
    }
}
