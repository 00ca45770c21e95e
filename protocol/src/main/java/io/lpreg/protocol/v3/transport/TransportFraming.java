package io.lpreg.protocol.v3.transport;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stream framing of v3 transport packets: a little-endian u32 length, then that many bytes
 * ({@code OuterHeader ‖ PSQ transport message}). Nym reads at most 65 536 bytes per packet. The handshake
 * messages before it carry no framing at all; their sizes are fixed.
 */
public final class TransportFraming {
    public static final int MAX_PACKET = 65_536;
    public static final int PREFIX_LENGTH = 4;

    private TransportFraming() {
    }

    public static byte[] frame(byte[] packet) {
        if (packet.length > MAX_PACKET) {
            throw new IllegalArgumentException("packet of " + packet.length + " bytes exceeds 65536");
        }
        byte[] out = new byte[PREFIX_LENGTH + packet.length];
        int length = packet.length;
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            out[i] = (byte) (length >>> (8 * i));
        }
        System.arraycopy(packet, 0, out, PREFIX_LENGTH, packet.length);
        return out;
    }

    /** Cuts a byte stream into packets; a length above {@link #MAX_PACKET} ends the stream. */
    public static final class Decoder {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean failed;

        public List<byte[]> feed(byte[] bytes) throws LpProtocolException {
            if (failed) {
                throw new LpProtocolException(LpError.INVALID_STATE, "the stream was already refused");
            }
            pending.write(bytes, 0, bytes.length);
            byte[] buffer = pending.toByteArray();
            List<byte[]> packets = new ArrayList<>();
            int offset = 0;
            while (buffer.length - offset >= PREFIX_LENGTH) {
                long length = 0;
                for (int i = 0; i < PREFIX_LENGTH; i++) {
                    length |= (buffer[offset + i] & 0xffL) << (8 * i);
                }
                if (length > MAX_PACKET) {
                    failed = true;
                    throw new LpProtocolException(LpError.BAD_LENGTH, "transport packet of " + length + " bytes exceeds 65536");
                }
                if (buffer.length - offset - PREFIX_LENGTH < length) {
                    break;
                }
                packets.add(Arrays.copyOfRange(buffer, offset + PREFIX_LENGTH, offset + PREFIX_LENGTH + (int) length));
                offset += PREFIX_LENGTH + (int) length;
            }
            pending.reset();
            pending.write(buffer, offset, buffer.length - offset);
            return packets;
        }

        public int pendingBytes() {
            return pending.size();
        }
    }
}
