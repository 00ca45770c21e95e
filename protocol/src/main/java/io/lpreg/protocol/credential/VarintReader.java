package io.lpreg.protocol.credential;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

/**
 * Reads what Nym's {@code binary_serialiser()} writes: bincode 1 with {@code DefaultOptions} made
 * big-endian and varint. A {@code u8} is one raw byte; a {@code u64} or length is one byte below 251,
 * or 251/252/253 followed by a big-endian u16/u32/u64. bincode accepts over-long varints; we refuse
 * them so that a decoded value re-encodes to the same bytes (Nym never writes them).
 */
final class VarintReader implements SerdeReader {
    static final int SINGLE_BYTE_MAX = 250;
    static final int U16_MARKER = 251;
    static final int U32_MARKER = 252;
    static final int U64_MARKER = 253;

    private final byte[] input;
    private int position;
    private final int end;

    VarintReader(byte[] input, int offset, int length) {
        this.input = input;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int remaining() {
        return end - position;
    }

    private void require(int count, String what) throws LpProtocolException {
        if (count > remaining()) {
            throw new LpProtocolException(LpError.MALFORMED,
                    what + " needs " + count + " bytes, " + remaining() + " remain");
        }
    }

    @Override
    public int u8(String what) throws LpProtocolException {
        require(1, what);
        return input[position++] & 0xff;
    }

    private long bigEndian(int size, String what) throws LpProtocolException {
        require(size, what);
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | (input[position + i] & 0xffL);
        }
        position += size;
        return value;
    }

    @Override
    public long u64(String what) throws LpProtocolException {
        int marker = u8(what);
        long value;
        long minimum;
        switch (marker) {
            case U16_MARKER -> {
                value = bigEndian(2, what);
                minimum = SINGLE_BYTE_MAX + 1;
            }
            case U32_MARKER -> {
                value = bigEndian(4, what);
                minimum = 0x1_0000L;
            }
            case U64_MARKER -> {
                value = bigEndian(8, what);
                minimum = 0x1_0000_0000L;
            }
            default -> {
                if (marker > SINGLE_BYTE_MAX) {
                    throw new LpProtocolException(LpError.MALFORMED, what + ": invalid varint marker " + marker);
                }
                return marker;
            }
        }
        if (Long.compareUnsigned(value, minimum) < 0) {
            throw new LpProtocolException(LpError.MALFORMED, what + ": over-long varint");
        }
        return value;
    }

    @Override
    public int length(String what, int max) throws LpProtocolException {
        long length = u64(what + " length");
        if (Long.compareUnsigned(length, max) > 0) {
            throw new LpProtocolException(LpError.MALFORMED,
                    what + " length " + Long.toUnsignedString(length) + " exceeds " + max);
        }
        return (int) length;
    }

    @Override
    public byte[] byteString(String what, int size) throws LpProtocolException {
        long length = u64(what + " length");
        if (length != size) {
            throw new LpProtocolException(LpError.MALFORMED,
                    what + " must be " + size + " bytes, length prefix says " + Long.toUnsignedString(length));
        }
        require(size, what);
        byte[] value = new byte[size];
        System.arraycopy(input, position, value, 0, size);
        position += size;
        return value;
    }
}
