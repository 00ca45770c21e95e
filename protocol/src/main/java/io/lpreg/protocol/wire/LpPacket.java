package io.lpreg.protocol.wire;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * One LP packet: header(16) ‖ message type(2) ‖ content ‖ trailer(16) (docs/wire-v1.md §4.1).
 *
 * <p>The header's three reserved bytes and the trailer are sent as zeros and ignored on receipt, as E2
 * does: the trailer was meant as a MAC but authentication comes from Noise inside the content.
 */
public final class LpPacket {
    public static final int HEADER_SIZE = 16;
    public static final int TYPE_SIZE = 2;
    public static final int TRAILER_SIZE = 16;
    public static final int OVERHEAD = HEADER_SIZE + TYPE_SIZE + TRAILER_SIZE;
    public static final int MAX_CONTENT = LpFraming.MAX_FRAME_LENGTH - OVERHEAD;

    private final WireVersion version;
    private final int lpId;
    private final long counter;
    private final MessageType type;
    private final byte[] content;

    public LpPacket(WireVersion version, int lpId, long counter, MessageType type, byte[] content) {
        this.version = requireNonNull(version, "version is null");
        this.lpId = lpId;
        this.counter = counter;
        this.type = requireNonNull(type, "type is null");
        requireNonNull(content, "content is null");
        if (content.length > MAX_CONTENT) {
            throw new IllegalArgumentException("content of " + content.length + " bytes exceeds " + MAX_CONTENT);
        }
        this.content = content.clone();
    }

    public WireVersion version() {
        return version;
    }

    /** The session id ({@code lp_id}, docs/wire-v1.md §8.1); 0 in a ClientHello or Busy. */
    public int lpId() {
        return lpId;
    }

    /** The sender's per-session counter (docs/wire-v1.md §8.2), unsigned. */
    public long counter() {
        return counter;
    }

    public MessageType type() {
        return type;
    }

    public byte[] content() {
        return content.clone();
    }

    public int contentLength() {
        return content.length;
    }

    public int encodedLength() {
        return OVERHEAD + content.length;
    }

    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        out[0] = (byte) version.code();
        putLe(out, 4, lpId, 4);
        putLe(out, 8, counter, 8);
        putLe(out, 16, type.code(), 2);
        System.arraycopy(content, 0, out, HEADER_SIZE + TYPE_SIZE, content.length);
        return out;
    }

    public static LpPacket decode(byte[] packet) throws LpProtocolException {
        requireNonNull(packet, "packet is null");
        if (packet.length < OVERHEAD) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "packet of " + packet.length + " bytes is shorter than the " + OVERHEAD + "-byte minimum");
        }
        if (packet.length > LpFraming.MAX_FRAME_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "packet of " + packet.length + " bytes exceeds " + LpFraming.MAX_FRAME_LENGTH);
        }
        WireVersion version = WireVersion.fromCode(packet[0] & 0xff);
        int lpId = (int) getLe(packet, 4, 4);
        long counter = getLe(packet, 8, 8);
        MessageType type = MessageType.fromCode((int) getLe(packet, 16, 2));
        byte[] content = Arrays.copyOfRange(packet, HEADER_SIZE + TYPE_SIZE, packet.length - TRAILER_SIZE);
        if (type == MessageType.BUSY && content.length != 0) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "Busy packet must be empty, has " + content.length + " bytes");
        }
        return new LpPacket(version, lpId, counter, type, content);
    }

    private static void putLe(byte[] out, int offset, long value, int size) {
        for (int i = 0; i < size; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static long getLe(byte[] in, int offset, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (in[offset + i] & 0xffL) << (8 * i);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LpPacket other
                && version == other.version
                && lpId == other.lpId
                && counter == other.counter
                && type == other.type
                && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * version.hashCode() + lpId) + Long.hashCode(counter)) + type.hashCode()
                + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "LpPacket[" + version + ", lp_id=" + Integer.toUnsignedString(lpId, 16) + ", counter="
                + Long.toUnsignedString(counter) + ", " + type + ", " + content.length + " bytes: "
                + HexFormat.of().formatHex(content, 0, Math.min(content.length, 16))
                + (content.length > 16 ? "…" : "") + "]";
    }
}
