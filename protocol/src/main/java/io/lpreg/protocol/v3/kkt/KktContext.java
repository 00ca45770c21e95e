package io.lpreg.protocol.v3.kkt;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import static java.util.Objects.requireNonNull;

/**
 * The 7-byte header every KKT frame starts with: {@code version<<4 | sequence}, {@code status | mode | role},
 * the ciphersuite, and a reserved zero byte.
 */
public record KktContext(int sequence, Status status, Mode mode, Role role, KktCiphersuite ciphersuite) {
    public static final int LENGTH = 7;
    public static final int KKT_VERSION = 1;

    public enum Status {
        OK(0x00), INVALID_REQUEST_FORMAT(0x20), INVALID_RESPONSE_FORMAT(0x40), UNSUPPORTED_CIPHERSUITE(0x60),
        UNSUPPORTED_KKT_VERSION(0x80), INVALID_KEY(0xA0), TIMEOUT(0xC0), UNVERIFIED_KEM_KEY(0xE0);

        final int bits;

        Status(int bits) {
            this.bits = bits;
        }
    }

    public enum Mode {
        ONE_WAY(0x00), MUTUAL(0x04);

        final int bits;

        Mode(int bits) {
            this.bits = bits;
        }
    }

    public enum Role {
        INITIATOR(0x00), RESPONDER(0x01);

        final int bits;

        Role(int bits) {
            this.bits = bits;
        }
    }

    public KktContext {
        requireNonNull(status, "status is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(role, "role is null");
        requireNonNull(ciphersuite, "ciphersuite is null");
        if (sequence < 0 || sequence > 15) {
            throw new IllegalArgumentException("message sequence " + sequence + " does not fit 4 bits");
        }
    }

    /** A client's one-way request header: sequence 0, Ok, one-way, initiator. */
    public static KktContext oneWayRequest(KktCiphersuite ciphersuite) {
        return new KktContext(0, Status.OK, Mode.ONE_WAY, Role.INITIATOR, ciphersuite);
    }

    /** The responder's header: the request's, one message later, as the responder. */
    public KktContext answer() throws LpProtocolException {
        if (sequence == 15) {
            throw new LpProtocolException(LpError.MALFORMED, "KKT message sequence exhausted");
        }
        return new KktContext(sequence + 1, status, mode, Role.RESPONDER, ciphersuite);
    }

    /** The KEM key this frame carries after its header, 0 or the suite's key length. */
    public int bodyLength() {
        boolean keyBearingStatus = status == Status.OK || status == Status.UNVERIFIED_KEM_KEY;
        if (!keyBearingStatus || (mode == Mode.ONE_WAY && role == Role.INITIATOR)) {
            return 0;
        }
        return ciphersuite.kemKeyLength();
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        out[0] = (byte) (KKT_VERSION << 4 | sequence);
        out[1] = (byte) (status.bits | mode.bits | role.bits);
        System.arraycopy(ciphersuite.encode(), 0, out, 2, KktCiphersuite.ENCODED_LENGTH);
        return out;
    }

    /** Nym's {@code try_decode}: a version above ours, an undefined status, mode or role bit pattern is refused. */
    public static KktContext decode(byte[] in, int offset) throws LpProtocolException {
        if (in.length - offset < LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "KKT context needs 7 bytes");
        }
        int version = (in[offset] & 0xf0) >>> 4;
        if (version > KKT_VERSION) {
            throw new LpProtocolException(LpError.UNSUPPORTED_VERSION, "KKT version " + version);
        }
        int flags = in[offset + 1] & 0xff;
        Status status = null;
        for (Status candidate : Status.values()) {
            if (candidate.bits == (flags & 0xE0)) {
                status = candidate;
            }
        }
        Mode mode = switch (flags & 0x1C) {
            case 0x00 -> Mode.ONE_WAY;
            case 0x04 -> Mode.MUTUAL;
            default -> throw new LpProtocolException(LpError.MALFORMED, "invalid KKT mode bits " + (flags & 0x1C));
        };
        Role role = switch (flags & 0x03) {
            case 0x00 -> Role.INITIATOR;
            case 0x01 -> Role.RESPONDER;
            default -> throw new LpProtocolException(LpError.MALFORMED, "invalid KKT role bits " + (flags & 0x03));
        };
        KktCiphersuite ciphersuite = KktCiphersuite.decode(in, offset + 2);
        return new KktContext(in[offset] & 0x0f, status, mode, role, ciphersuite);
    }
}
