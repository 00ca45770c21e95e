package io.lpreg.protocol.wire;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

/** The u16 LE message type after the packet header (docs/wire-v1.md §4.2). */
public enum MessageType {
    BUSY(0x0000),
    HANDSHAKE(0x0001),
    ENCRYPTED_DATA(0x0002),
    CLIENT_HELLO(0x0003);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static MessageType fromCode(int code) throws LpProtocolException {
        return switch (code) {
            case 0x0000 -> BUSY;
            case 0x0001 -> HANDSHAKE;
            case 0x0002 -> ENCRYPTED_DATA;
            case 0x0003 -> CLIENT_HELLO;
            default -> throw new LpProtocolException(LpError.UNKNOWN_MESSAGE_TYPE,
                    "unknown message type 0x" + String.format("%04x", code));
        };
    }
}
