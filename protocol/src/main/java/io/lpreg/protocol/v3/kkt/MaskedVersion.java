package io.lpreg.protocol.v3.kkt;

import io.lpreg.protocol.v3.crypto.Blake3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.OptionalInt;

/**
 * The outer protocol version hidden in bytes 32..48 of a KKT request:
 * {@code BLAKE3-XOF16("NYM_MASKED_BYTE_V1" ‖ eph_I ‖ R ‖ 0xFF ‖ version)}. Without the gateway's key the
 * request is 91 bytes of noise; the gateway finds the version by trial, before any X25519.
 */
public final class MaskedVersion {
    public static final int LENGTH = 16;
    private static final byte[] LABEL = "NYM_MASKED_BYTE_V1".getBytes(StandardCharsets.US_ASCII);

    private MaskedVersion() {
    }

    public static byte[] mask(int version, byte[] initiatorEphemeral, byte[] responderStatic) {
        return Blake3.xof(LENGTH, LABEL, initiatorEphemeral, responderStatic, new byte[] {(byte) 0xFF, (byte) version});
    }

    /** The first of {@code supported} the bytes hide, if any. */
    public static OptionalInt unmask(byte[] masked, byte[] initiatorEphemeral, byte[] responderStatic, int... supported) {
        for (int version : supported) {
            if (MessageDigest.isEqual(masked, mask(version, initiatorEphemeral, responderStatic))) {
                return OptionalInt.of(version);
            }
        }
        return OptionalInt.empty();
    }
}
