package io.lpreg.protocol.v3.crypto;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The two AEADs of wire v3, one shot each, on the JDK's providers: ChaCha20-Poly1305 (RFC 8439) for the
 * KKT carrier and AES-128-GCM for PSQ and transport. Ciphertext and 16-byte tag are returned and taken
 * apart, because PSQ carries them as separate fields.
 */
public enum Aead {
    CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20", 32),
    AES_128_GCM("AES/GCM/NoPadding", "AES", 16);

    public static final int TAG_LENGTH = 16;
    public static final int NONCE_LENGTH = 12;

    private final String transformation;
    private final String keyAlgorithm;
    private final int keyLength;

    Aead(String transformation, String keyAlgorithm, int keyLength) {
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.keyLength = keyLength;
    }

    public int keyLength() {
        return keyLength;
    }

    /** {@code ciphertext ‖ tag}. */
    public byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " is unavailable", e);
        }
    }

    /** Opens {@code ciphertext ‖ tag}; a wrong key, nonce, AAD or any altered byte is an {@link LpError#AEAD_FAILURE}. */
    public byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws LpProtocolException {
        if (sealed.length < TAG_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "sealed message shorter than its tag");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce);
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new LpProtocolException(LpError.AEAD_FAILURE, transformation + " authentication failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transformation + " is unavailable", e);
        }
    }

    public static byte[] join(byte[] ciphertext, byte[] tag) {
        byte[] sealed = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
        return sealed;
    }

    private Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        if (key.length != keyLength || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException(name() + " needs a " + keyLength + "-byte key and a 12-byte nonce");
        }
        Cipher cipher = Cipher.getInstance(transformation);
        SecretKeySpec spec = new SecretKeySpec(key, keyAlgorithm);
        if (this == AES_128_GCM) {
            cipher.init(mode, spec, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        } else {
            cipher.init(mode, spec, new IvParameterSpec(nonce));
        }
        return cipher;
    }
}
