package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import static java.util.Objects.requireNonNull;

/**
 * The CipherState of Noise rev 34 §5.1 with the ChaChaPoly cipher of §12.4. A failed decryption changes
 * nothing: the nonce only advances once the tag has verified. Not thread-safe.
 */
public final class CipherState {
    public static final int KEY_LENGTH = 32;
    public static final int TAG_LENGTH = 16;
    /** Every Noise message, handshake or transport, is at most 65535 bytes (Noise rev 34 §3). */
    public static final int MAX_MESSAGE_LENGTH = 65535;

    // 2^64-1 as an unsigned long; Noise rev 34 §5.1 reserves it for rekey.
    private static final long RESERVED_NONCE = -1L;
    private static final int TAG_BITS = TAG_LENGTH * 8;

    private final String refusal;
    private KeyParameter key;
    private long nonce;
    private ChaCha20Poly1305 encryptor;
    private ChaCha20Poly1305 decryptor;

    CipherState() {
        this.refusal = null;
    }

    private CipherState(String refusal) {
        this.refusal = refusal;
    }

    /** A CipherState for a direction a one-way pattern never uses (Noise rev 34 §7.4): every call fails. */
    static CipherState unused(String refusal) {
        return new CipherState(requireNonNull(refusal, "refusal is null"));
    }

    void initializeKey(byte[] key) {
        this.key = new KeyParameter(key);
        this.nonce = 0;
    }

    public boolean hasKey() {
        return key != null;
    }

    /** The next nonce, an unsigned 64-bit counter. */
    public long nonce() {
        return nonce;
    }

    /**
     * SetNonce of Noise rev 34 §5.1, for transports that carry an explicit counter. The caller must never
     * encrypt twice under one nonce.
     */
    public void setNonce(long nonce) {
        this.nonce = nonce;
    }

    /** A copy of the key, or null if none is set. */
    public byte[] key() {
        return key == null ? null : key.getKey().clone();
    }

    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws LpProtocolException {
        requireNonNull(ad, "ad is null");
        requireNonNull(plaintext, "plaintext is null");
        checkUsable();
        if (key == null) {
            if (plaintext.length > MAX_MESSAGE_LENGTH) {
                throw new LpProtocolException(LpError.BAD_LENGTH, "plaintext of " + plaintext.length + " bytes");
            }
            return plaintext.clone();
        }
        if (plaintext.length > MAX_MESSAGE_LENGTH - TAG_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "plaintext of " + plaintext.length + " bytes");
        }
        checkNonce();
        if (encryptor == null) {
            encryptor = new ChaCha20Poly1305();
        }
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        try {
            encryptor.init(true, new AEADParameters(key, TAG_BITS, nonceBytes(nonce), ad));
            int written = encryptor.processBytes(plaintext, 0, plaintext.length, out, 0);
            encryptor.doFinal(out, written);
        } catch (IllegalArgumentException e) {
            // BouncyCastle refuses to encrypt twice under one key and nonce, which only setNonce can cause.
            throw new LpProtocolException(LpError.INVALID_STATE, "nonce reuse refused", e);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption cannot fail", e);
        }
        nonce++;
        return out;
    }

    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws LpProtocolException {
        requireNonNull(ad, "ad is null");
        requireNonNull(ciphertext, "ciphertext is null");
        checkUsable();
        if (ciphertext.length > MAX_MESSAGE_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "ciphertext of " + ciphertext.length + " bytes");
        }
        if (key == null) {
            return ciphertext.clone();
        }
        if (ciphertext.length < TAG_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "ciphertext of " + ciphertext.length + " bytes");
        }
        checkNonce();
        if (decryptor == null) {
            decryptor = new ChaCha20Poly1305();
        }
        byte[] out = new byte[ciphertext.length - TAG_LENGTH];
        try {
            decryptor.init(false, new AEADParameters(key, TAG_BITS, nonceBytes(nonce), ad));
            int written = decryptor.processBytes(ciphertext, 0, ciphertext.length, out, 0);
            decryptor.doFinal(out, written);
        } catch (InvalidCipherTextException e) {
            throw new LpProtocolException(LpError.AEAD_FAILURE, "decryption failed");
        }
        nonce++;
        return out;
    }

    /** Rekey of Noise rev 34 §4.2 and §5.1: the key becomes the first 32 bytes of ENCRYPT(k, 2^64-1, ε, zeros). */
    public void rekey() throws LpProtocolException {
        checkUsable();
        if (key == null) {
            throw new LpProtocolException(LpError.INVALID_STATE, "rekey without a key");
        }
        ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
        byte[] out = new byte[KEY_LENGTH + TAG_LENGTH];
        try {
            cipher.init(true, new AEADParameters(key, TAG_BITS, nonceBytes(RESERVED_NONCE), new byte[0]));
            int written = cipher.processBytes(new byte[KEY_LENGTH], 0, KEY_LENGTH, out, 0);
            cipher.doFinal(out, written);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption cannot fail", e);
        }
        key = new KeyParameter(out, 0, KEY_LENGTH);
        encryptor = null;
        decryptor = null;
    }

    private void checkUsable() throws LpProtocolException {
        if (refusal != null) {
            throw new LpProtocolException(LpError.INVALID_STATE, refusal);
        }
    }

    private void checkNonce() throws LpProtocolException {
        if (nonce == RESERVED_NONCE) {
            throw new LpProtocolException(LpError.INVALID_STATE, "nonce exhausted");
        }
    }

    /** 32 bits of zeros followed by the little-endian nonce (Noise rev 34 §12.4). */
    private static byte[] nonceBytes(long nonce) {
        byte[] bytes = new byte[12];
        for (int i = 0; i < 8; i++) {
            bytes[4 + i] = (byte) (nonce >>> (8 * i));
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "CipherState[hasKey=" + hasKey() + ", nonce=" + Long.toUnsignedString(nonce) + "]";
    }
}
