package io.lpreg.protocol.wire;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * TCP framing: {@code u32 BE length ‖ packet} (docs/wire-v1.md §3). A length above 65 536 is refused;
 * 65 536 itself is accepted, as E2 does.
 */
public final class LpFraming {
    public static final int MAX_FRAME_LENGTH = 65_536;
    public static final int LENGTH_PREFIX = 4;

    private LpFraming() {
    }

    public static byte[] frame(byte[] packet) {
        requireNonNull(packet, "packet is null");
        if (packet.length > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("packet of " + packet.length + " bytes exceeds " + MAX_FRAME_LENGTH);
        }
        byte[] out = new byte[LENGTH_PREFIX + packet.length];
        out[0] = (byte) (packet.length >>> 24);
        out[1] = (byte) (packet.length >>> 16);
        out[2] = (byte) (packet.length >>> 8);
        out[3] = (byte) packet.length;
        System.arraycopy(packet, 0, out, LENGTH_PREFIX, packet.length);
        return out;
    }

    /** Checks a length prefix as read from the wire (unsigned). */
    public static int checkLength(long length) throws LpProtocolException {
        if (length < 0 || length > MAX_FRAME_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "frame length " + length + " exceeds maximum " + MAX_FRAME_LENGTH);
        }
        return (int) length;
    }

    /** Decodes exactly one complete frame; a truncated frame or trailing bytes are refused. */
    public static byte[] unframe(byte[] frame) throws LpProtocolException {
        requireNonNull(frame, "frame is null");
        Decoder decoder = new Decoder();
        List<byte[]> packets = decoder.feed(frame);
        if (packets.size() != 1 || decoder.buffered() != 0) {
            throw new LpProtocolException(LpError.BAD_LENGTH, packets.isEmpty()
                    ? "truncated frame: " + decoder.buffered() + " of " + frame.length + " bytes buffered"
                    : "frame is followed by " + decoder.buffered() + " stray bytes");
        }
        return packets.get(0);
    }

    /**
     * An incremental frame decoder for stream transports: feed it whatever the socket delivered and it
     * returns every frame completed so far. It refuses an oversize length before buffering its body.
     */
    public static final class Decoder {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private int expected = -1;

        public List<byte[]> feed(byte[] bytes) throws LpProtocolException {
            return feed(bytes, 0, bytes.length);
        }

        public List<byte[]> feed(byte[] bytes, int offset, int length) throws LpProtocolException {
            List<byte[]> frames = new ArrayList<>(1);
            int position = offset;
            int end = offset + length;
            while (position < end) {
                if (expected < 0) {
                    int take = Math.min(LENGTH_PREFIX - pending.size(), end - position);
                    pending.write(bytes, position, take);
                    position += take;
                    if (pending.size() == LENGTH_PREFIX) {
                        byte[] prefix = pending.toByteArray();
                        long value = ((prefix[0] & 0xffL) << 24) | ((prefix[1] & 0xff) << 16)
                                | ((prefix[2] & 0xff) << 8) | (prefix[3] & 0xff);
                        expected = checkLength(value);
                        pending.reset();
                    }
                }
                if (expected >= 0) {
                    int take = Math.min(expected - pending.size(), end - position);
                    pending.write(bytes, position, take);
                    position += take;
                    if (pending.size() == expected) {
                        frames.add(pending.toByteArray());
                        pending.reset();
                        expected = -1;
                    }
                }
            }
            return frames;
        }

        /** Bytes received but not yet part of a complete frame (including a partial length prefix). */
        public int buffered() {
            return expected < 0 ? pending.size() : LENGTH_PREFIX + pending.size();
        }

        @Override
        public String toString() {
            return "Decoder[expected=" + expected + ", buffered=" + buffered() + "]";
        }
    }
}
