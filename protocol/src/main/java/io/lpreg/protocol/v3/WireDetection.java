package io.lpreg.protocol.v3;

import io.lpreg.protocol.wire.LpFraming;

/**
 * Tells, from a connection's first 12 bytes, whether a client speaks wire v1/v2 (E2 framing) or v3 (KKT),
 * so that one port serves both.
 *
 * <p>A v1/v2 connection opens with a ClientHello frame: a big-endian length of at most 65 536, so bytes 0
 * and 1 are {@code 00 00} or {@code 00 01}; then the plaintext LP header, version 1 or 2 with three zero
 * bytes, and session id 0 (four zero bytes). A v3 connection opens with the KKT request, whose first 32
 * bytes are an X25519 public key, uniformly random to anyone without the client's secret. All of those
 * 11 fixed bits and bytes match by chance with probability 2⁻⁷⁹: that is the only way a v3 client is
 * misread, and it costs that client one failed connection. A v1/v2 client is never misread.
 */
public final class WireDetection {
    /** Bytes needed before deciding; both first messages are longer (a ClientHello is more, a KKT request 91). */
    public static final int PREFIX_LENGTH = 12;

    public enum Wire { E2_FRAMED, KKT }

    private WireDetection() {
    }

    public static Wire classify(byte[] prefix) {
        if (prefix.length < PREFIX_LENGTH) {
            throw new IllegalArgumentException("classification needs the first 12 bytes");
        }
        long length = (prefix[0] & 0xffL) << 24 | (prefix[1] & 0xff) << 16 | (prefix[2] & 0xff) << 8 | (prefix[3] & 0xff);
        boolean framed = length <= LpFraming.MAX_FRAME_LENGTH
                && (prefix[4] == 1 || prefix[4] == 2)
                && prefix[5] == 0 && prefix[6] == 0 && prefix[7] == 0
                && prefix[8] == 0 && prefix[9] == 0 && prefix[10] == 0 && prefix[11] == 0;
        return framed ? Wire.E2_FRAMED : Wire.KKT;
    }
}
