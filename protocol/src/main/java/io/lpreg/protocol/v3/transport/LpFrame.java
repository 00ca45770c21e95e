package io.lpreg.protocol.v3.transport;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/** An LP frame: {@code kind u16 LE ‖ attributes(14) ‖ content}, what one transport packet delivers. */
public record LpFrame(LpFrameKind kind, byte[] attributes, byte[] content) {
    public static final int HEADER_LENGTH = 16;
    public static final int ATTRIBUTES_LENGTH = 14;

    public LpFrame {
        requireNonNull(kind, "kind is null");
        requireNonNull(attributes, "attributes is null");
        requireNonNull(content, "content is null");
        if (attributes.length != ATTRIBUTES_LENGTH) {
            throw new IllegalArgumentException("frame attributes are 14 bytes");
        }
        attributes = attributes.clone();
        content = content.clone();
    }

    public static LpFrame registration(byte[] content) {
        return new LpFrame(LpFrameKind.REGISTRATION, new byte[ATTRIBUTES_LENGTH], content);
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + content.length];
        out[0] = (byte) kind.code();
        out[1] = (byte) (kind.code() >>> 8);
        System.arraycopy(attributes, 0, out, 2, ATTRIBUTES_LENGTH);
        System.arraycopy(content, 0, out, HEADER_LENGTH, content.length);
        return out;
    }

    public static LpFrame decode(byte[] in, int offset) throws LpProtocolException {
        if (in.length - offset < HEADER_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "LP frame header needs 16 bytes");
        }
        LpFrameKind kind = LpFrameKind.fromCode((in[offset] & 0xff) | (in[offset + 1] & 0xff) << 8);
        return new LpFrame(kind, Arrays.copyOfRange(in, offset + 2, offset + HEADER_LENGTH),
                Arrays.copyOfRange(in, offset + HEADER_LENGTH, in.length));
    }

    @Override
    public byte[] attributes() {
        return attributes.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LpFrame that && kind == that.kind && Arrays.equals(attributes, that.attributes)
                && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "LpFrame[" + kind + ", " + content.length + " bytes]";
    }
}
