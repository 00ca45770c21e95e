package io.lpreg.protocol.v3.crypto;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.crypto.X25519Backend;
import io.lpreg.protocol.crypto.X25519Backends;

/**
 * X25519 on the process's backend ({@link X25519Backends}). Unlike E2, wire v3 refuses an all-zero
 * result: libcrux's key agreement fails on it, so a low-order peer key ends the handshake.
 */
public final class X25519 {
    public static final int KEY_LENGTH = X25519Backend.KEY_LENGTH;

    private X25519() {
    }

    public static byte[] publicKey(byte[] privateKey) {
        byte[] out = new byte[KEY_LENGTH];
        X25519Backends.active().scalarMultBase(privateKey, out);
        return out;
    }

    public static byte[] agree(byte[] privateKey, byte[] publicKey) throws LpProtocolException {
        byte[] out = new byte[KEY_LENGTH];
        X25519Backends.active().scalarMult(privateKey, publicKey, out);
        int bits = 0;
        for (byte b : out) {
            bits |= b;
        }
        if (bits == 0) {
            throw new LpProtocolException(LpError.INVALID_KEY, "X25519 with a low-order public key");
        }
        return out;
    }
}
