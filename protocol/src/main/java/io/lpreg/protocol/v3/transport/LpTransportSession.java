package io.lpreg.protocol.v3.transport;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.replay.ReplayWindow;
import io.lpreg.protocol.v3.psq.AeadKeyNonce;
import io.lpreg.protocol.v3.psq.PsqSession;
import io.lpreg.protocol.v3.psq.Tls;

import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * An established v3 session on one connection. A packet is
 * {@code receiver_idx u32 LE ‖ counter u64 LE ‖ channel u64 BE ‖ VL(ciphertext) ‖ tag(16)}, the plaintext
 * {@code version 01 ‖ 00 00 00 ‖ frame}. The outer header is not authenticated: the AEAD's implicit nonce
 * is, so packets open strictly in order, and the counter only feeds the replay window's pre-check.
 * Not thread-safe: one connection, one session.
 */
public final class LpTransportSession {
    public static final int PROTOCOL_VERSION = 1;
    public static final int OUTER_HEADER_LENGTH = 12;
    /** libcrux refuses to seal more than this; it bounds a frame's content. */
    public static final int MAX_PLAINTEXT = 65_535;
    private static final int INNER_HEADER_LENGTH = 4;
    private static final long CHANNEL = 0;
    private static final byte[] NO_AAD = new byte[0];

    private final int receiverIndex;
    private final byte[] sessionId;
    private final AeadKeyNonce sendKey;
    private final AeadKeyNonce receiveKey;
    private final ReplayWindow replayWindow = new ReplayWindow();
    private long sendCounter;

    private LpTransportSession(int receiverIndex, byte[] sessionId, byte[] sendKey, byte[] receiveKey) {
        this.receiverIndex = receiverIndex;
        this.sessionId = sessionId;
        this.sendKey = new AeadKeyNonce(sendKey);
        this.receiveKey = new AeadKeyNonce(receiveKey);
    }

    public static LpTransportSession forClient(PsqSession session, int receiverIndex) {
        requireNonNull(session, "session is null");
        return new LpTransportSession(receiverIndex, session.sessionId(), session.initiatorToResponderKey(),
                session.responderToInitiatorKey());
    }

    public static LpTransportSession forGateway(PsqSession session, int receiverIndex) {
        requireNonNull(session, "session is null");
        return new LpTransportSession(receiverIndex, session.sessionId(), session.responderToInitiatorKey(),
                session.initiatorToResponderKey());
    }

    public int receiverIndex() {
        return receiverIndex;
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** The next frame as bytes for the stream: the length prefix, the header, the sealed frame. */
    public byte[] seal(LpFrame frame) throws LpProtocolException {
        requireNonNull(frame, "frame is null");
        byte[] encoded = frame.encode();
        if (INNER_HEADER_LENGTH + encoded.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("frame of " + encoded.length + " bytes is too long for one packet");
        }
        byte[] plaintext = new byte[INNER_HEADER_LENGTH + encoded.length];
        plaintext[0] = PROTOCOL_VERSION;
        System.arraycopy(encoded, 0, plaintext, INNER_HEADER_LENGTH, encoded.length);
        byte[] sealed = sendKey.seal(NO_AAD, plaintext);
        int split = sealed.length - 16;
        long counter = sendCounter++;
        byte[] packet = new Tls.Writer(sealed.length + 32).raw(outerHeader(receiverIndex, counter)).raw(bigEndian(CHANNEL))
                .vl(Arrays.copyOfRange(sealed, 0, split)).raw(Arrays.copyOfRange(sealed, split, sealed.length)).toByteArray();
        return TransportFraming.frame(packet);
    }

    /**
     * Opens one packet (without its length prefix). Refused in Nym's order: another session's receiver
     * index, a counter the replay window has seen or left behind, then anything that does not decode or
     * open; the window records the counter only once the packet opened.
     */
    public LpFrame open(byte[] packet) throws LpProtocolException {
        requireNonNull(packet, "packet is null");
        if (packet.length < OUTER_HEADER_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "transport packet shorter than its header");
        }
        int index = littleEndianInt(packet, 0);
        if (index != receiverIndex) {
            throw new LpProtocolException(LpError.LP_ID_MISMATCH, "packet for receiver index "
                    + Integer.toUnsignedString(index) + ", this session is " + Integer.toUnsignedString(receiverIndex));
        }
        long counter = littleEndianLong(packet, 4);
        replayWindow.check(counter);
        Tls.Reader in = new Tls.Reader(Arrays.copyOfRange(packet, OUTER_HEADER_LENGTH, packet.length));
        long channel = in.u64("channel identifier");
        byte[] ciphertext = in.vl("ciphertext");
        byte[] tag = in.raw(16, "tag");
        in.end("transport message");
        if (channel != CHANNEL) {
            throw new LpProtocolException(LpError.MALFORMED, "transport channel " + Long.toUnsignedString(channel));
        }
        if (ciphertext.length < INNER_HEADER_LENGTH + LpFrame.HEADER_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "transport plaintext shorter than its headers");
        }
        byte[] plaintext = receiveKey.open(NO_AAD, io.lpreg.protocol.v3.crypto.Aead.join(ciphertext, tag));
        if (plaintext[0] != PROTOCOL_VERSION) {
            throw new LpProtocolException(LpError.UNSUPPORTED_VERSION, "LP packet version " + (plaintext[0] & 0xff));
        }
        LpFrame frame = LpFrame.decode(plaintext, INNER_HEADER_LENGTH);
        replayWindow.markReceived(counter);
        return frame;
    }

    static byte[] outerHeader(int receiverIndex, long counter) {
        byte[] out = new byte[OUTER_HEADER_LENGTH];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (receiverIndex >>> (8 * i));
        }
        for (int i = 0; i < 8; i++) {
            out[4 + i] = (byte) (counter >>> (8 * i));
        }
        return out;
    }

    private static byte[] bigEndian(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        return out;
    }

    private static int littleEndianInt(byte[] in, int offset) {
        return (in[offset] & 0xff) | (in[offset + 1] & 0xff) << 8 | (in[offset + 2] & 0xff) << 16 | (in[offset + 3] & 0xff) << 24;
    }

    private static long littleEndianLong(byte[] in, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (in[offset + i] & 0xff);
        }
        return value;
    }

    /** Shows the receiver index and session identifier only. */
    @Override
    public String toString() {
        return "LpTransportSession[receiverIndex=" + Integer.toUnsignedString(receiverIndex) + ", session="
                + HexFormat.of().formatHex(sessionId) + "]";
    }
}
