package io.lpreg.protocol.noise;

import io.lpreg.protocol.crypto.X25519Backends;
import org.bouncycastle.math.ec.rfc7748.X25519;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/** An X25519 key pair (Noise rev 34 §12.1). The arrays are copied in and out. */
public record KeyPair(byte[] privateKey, byte[] publicKey) {
    public static final int KEY_LENGTH = X25519.SCALAR_SIZE;

    public KeyPair {
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(publicKey, "publicKey is null");
        if (privateKey.length != KEY_LENGTH || publicKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 keys are " + KEY_LENGTH + " bytes");
        }
        privateKey = privateKey.clone();
        publicKey = publicKey.clone();
    }

    public static KeyPair generate(SecureRandom random) {
        requireNonNull(random, "random is null");
        byte[] privateKey = new byte[KEY_LENGTH];
        X25519.generatePrivateKey(random, privateKey);
        return fromPrivate(privateKey);
    }

    /** Derives the public key; the scalar is clamped by X25519 itself, so any 32 bytes are a private key. */
    public static KeyPair fromPrivate(byte[] privateKey) {
        requireNonNull(privateKey, "privateKey is null");
        if (privateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 keys are " + KEY_LENGTH + " bytes");
        }
        byte[] publicKey = new byte[KEY_LENGTH];
        X25519Backends.active().scalarMultBase(privateKey, publicKey);
        return new KeyPair(privateKey, publicKey);
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPair that
                && Arrays.equals(privateKey, that.privateKey)
                && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** Shows the public key only. */
    @Override
    public String toString() {
        return "KeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
    }
}
