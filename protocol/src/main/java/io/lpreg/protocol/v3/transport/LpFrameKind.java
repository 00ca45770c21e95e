package io.lpreg.protocol.v3.transport;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

/** What an LP frame carries, a little-endian u16 on the wire. */
public enum LpFrameKind {
    OPAQUE(0),
    REGISTRATION(1),
    FORWARD(2),
    SPHINX_STREAM(3);

    private final int code;

    LpFrameKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static LpFrameKind fromCode(int code) throws LpProtocolException {
        for (LpFrameKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new LpProtocolException(LpError.UNKNOWN_MESSAGE_TYPE, "unknown LP frame kind " + code);
    }
}
