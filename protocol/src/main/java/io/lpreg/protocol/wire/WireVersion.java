package io.lpreg.protocol.wire;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

/**
 * The header's protocol_version byte. v1 is Nym E2 (docs/wire-v1.md); v2 is lpreg's native version
 * (docs/wire-v2.md): the same framing and handshake, a credential envelope in the request.
 */
public enum WireVersion {
    V1(1),
    V2(2);

    private final int code;

    WireVersion(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static WireVersion fromCode(int code) throws LpProtocolException {
        return switch (code) {
            case 1 -> V1;
            case 2 -> V2;
            default -> throw new LpProtocolException(LpError.UNSUPPORTED_VERSION,
                    "unsupported protocol version " + code);
        };
    }
}
