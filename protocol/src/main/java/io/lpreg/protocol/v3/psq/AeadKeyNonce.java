package io.lpreg.protocol.v3.psq;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.v3.crypto.Aead;

import static java.util.Objects.requireNonNull;

/**
 * An AES-128-GCM key with libcrux-psq's implicit nonce: a 12-byte big-endian counter incremented before
 * each use, so the first message under a key uses {@code 00…01}. A failed open puts the counter back, so
 * a forged packet cannot push a session out of step. Not thread-safe.
 */
public final class AeadKeyNonce {
    public static final int KEY_LENGTH = 16;

    private final byte[] key;
    private final byte[] nonce = new byte[Aead.NONCE_LENGTH];

    public AeadKeyNonce(byte[] key) {
        requireNonNull(key, "key is null");
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("AES-128 keys are 16 bytes");
        }
        this.key = key.clone();
    }

    /** {@code ciphertext ‖ tag}. */
    public byte[] seal(byte[] aad, byte[] plaintext) throws LpProtocolException {
        increment();
        return Aead.AES_128_GCM.seal(key, nonce, aad, plaintext);
    }

    public byte[] open(byte[] aad, byte[] sealed) throws LpProtocolException {
        byte[] previous = nonce.clone();
        increment();
        try {
            return Aead.AES_128_GCM.open(key, nonce, aad, sealed);
        } catch (LpProtocolException e) {
            System.arraycopy(previous, 0, nonce, 0, nonce.length);
            throw e;
        }
    }

    private void increment() throws LpProtocolException {
        boolean exhausted = true;
        for (byte b : nonce) {
            exhausted &= b == (byte) 0xff;
        }
        if (exhausted) {
            throw new LpProtocolException(LpError.INVALID_STATE, "AEAD nonce exhausted");
        }
        for (int i = nonce.length - 1; i >= 0; i--) {
            if (++nonce[i] != 0) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "AeadKeyNonce[AES-128-GCM]";
    }
}
