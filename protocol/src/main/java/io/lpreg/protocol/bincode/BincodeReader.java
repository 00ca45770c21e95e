package io.lpreg.protocol.bincode;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the bincode-1 default encoding. Every read is bounds-checked and every length prefix is checked
 * against the bytes that remain before anything is allocated, so hostile input can only produce an
 * {@link LpProtocolException}. Trailing bytes are tolerated, as bincode 1 does; callers that want
 * strictness check {@link #remaining()}.
 */
public final class BincodeReader {
    private final byte[] input;
    private int position;
    private final int end;

    public BincodeReader(byte[] input) {
        this(input, 0, input.length);
    }

    public BincodeReader(byte[] input, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > input.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length);
        }
        this.input = input;
        this.position = offset;
        this.end = offset + length;
    }

    public int remaining() {
        return end - position;
    }

    public int position() {
        return position;
    }

    private void require(long count, String what) throws LpProtocolException {
        if (count < 0 || count > remaining()) {
            throw new LpProtocolException(LpError.MALFORMED,
                    what + " needs " + count + " bytes, " + remaining() + " remain");
        }
    }

    public int u8() throws LpProtocolException {
        require(1, "u8");
        return input[position++] & 0xff;
    }

    public boolean bool() throws LpProtocolException {
        int value = u8();
        return switch (value) {
            case 0 -> false;
            case 1 -> true;
            default -> throw new LpProtocolException(LpError.MALFORMED, "invalid bool " + value);
        };
    }

    public int u16() throws LpProtocolException {
        require(2, "u16");
        int value = (input[position] & 0xff) | (input[position + 1] & 0xff) << 8;
        position += 2;
        return value;
    }

    /** A {@code u32} in the low 32 bits of an int (callers that need it unsigned use {@code toUnsignedLong}). */
    public int u32() throws LpProtocolException {
        require(4, "u32");
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (input[position + i] & 0xff) << (8 * i);
        }
        position += 4;
        return value;
    }

    public long u64() throws LpProtocolException {
        require(8, "u64");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (input[position + i] & 0xffL) << (8 * i);
        }
        position += 8;
        return value;
    }

    public int i32() throws LpProtocolException {
        return u32();
    }

    public long i64() throws LpProtocolException {
        return u64();
    }

    /** An enum variant index, which must be below {@code variants}. */
    public int variant(String type, int variants) throws LpProtocolException {
        int index = u32();
        if (index < 0 || index >= variants) {
            throw new LpProtocolException(LpError.MALFORMED,
                    "unknown " + type + " variant " + Integer.toUnsignedString(index));
        }
        return index;
    }

    /** An {@code Option} tag: true when a value follows. */
    public boolean option() throws LpProtocolException {
        int tag = u8();
        return switch (tag) {
            case 0 -> false;
            case 1 -> true;
            default -> throw new LpProtocolException(LpError.MALFORMED, "invalid option tag " + tag);
        };
    }

    /** A sequence length ({@code u64}) that must not exceed {@code max}. */
    public int length(String what, int max) throws LpProtocolException {
        long length = u64();
        if (length < 0 || length > max) {
            throw new LpProtocolException(LpError.MALFORMED,
                    what + " length " + Long.toUnsignedString(length) + " exceeds " + max);
        }
        return (int) length;
    }

    /** A {@code Vec<u8>}: {@code u64} length (at most {@code max}), then the bytes. */
    public byte[] bytes(String what, int max) throws LpProtocolException {
        int length = length(what, max);
        return raw(what, length);
    }

    /** A byte string whose length prefix must equal {@code expected} (serdect-encoded points, scalars). */
    public byte[] exactBytes(String what, int expected) throws LpProtocolException {
        long length = u64();
        if (length != expected) {
            throw new LpProtocolException(LpError.MALFORMED,
                    what + " must be " + expected + " bytes, length prefix says " + Long.toUnsignedString(length));
        }
        return raw(what, expected);
    }

    /** {@code count} raw bytes without a length prefix ({@code [u8; N]}). */
    public byte[] raw(String what, int count) throws LpProtocolException {
        require(count, what);
        byte[] value = new byte[count];
        System.arraycopy(input, position, value, 0, count);
        position += count;
        return value;
    }

    /** A UTF-8 {@code String} of at most {@code maxBytes} bytes; invalid UTF-8 is refused. */
    public String string(String what, int maxBytes) throws LpProtocolException {
        byte[] utf8 = bytes(what, maxBytes);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new LpProtocolException(LpError.MALFORMED, what + " is not valid UTF-8");
        }
    }
}
