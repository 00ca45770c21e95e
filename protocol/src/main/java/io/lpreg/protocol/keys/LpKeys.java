package io.lpreg.protocol.keys;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.crypto.X25519Backends;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.math.BigInteger;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Key conversions of docs/wire-v1.md §6.1: the gateway's LP X25519 key derives from its Ed25519 identity,
 * so a client that knows the identity can compute the LP key (libsodium's
 * {@code crypto_sign_ed25519_{sk,pk}_to_curve25519}).
 */
public final class LpKeys {
    public static final int KEY_SIZE = 32;
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private LpKeys() {
    }

    /** X25519 private key = SHA-512(Ed25519 seed)[0..32], left unclamped: X25519 clamps at use. */
    public static byte[] x25519PrivateFromEd25519Seed(byte[] ed25519Seed) {
        requireSize(ed25519Seed, "Ed25519 seed");
        SHA512Digest sha512 = new SHA512Digest();
        sha512.update(ed25519Seed, 0, KEY_SIZE);
        byte[] digest = new byte[64];
        sha512.doFinal(digest, 0);
        byte[] privateKey = Arrays.copyOf(digest, KEY_SIZE);
        Arrays.fill(digest, (byte) 0);
        return privateKey;
    }

    /** Edwards y → Montgomery u = (1 + y) / (1 − y) mod p, after checking the point is a valid key. */
    public static byte[] x25519PublicFromEd25519Public(byte[] ed25519Public) throws LpProtocolException {
        requireNonNull(ed25519Public, "ed25519Public is null");
        if (ed25519Public.length != KEY_SIZE) {
            throw new LpProtocolException(LpError.INVALID_KEY,
                    "Ed25519 public key must be 32 bytes, got " + ed25519Public.length);
        }
        if (!Ed25519.validatePublicKeyFull(ed25519Public, 0)) {
            throw new LpProtocolException(LpError.INVALID_KEY, "not a valid Ed25519 public key");
        }
        byte[] bigEndian = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE; i++) {
            bigEndian[i] = ed25519Public[KEY_SIZE - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian);
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);
        byte[] uBigEndian = u.toByteArray();
        byte[] out = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE && i < uBigEndian.length; i++) {
            out[i] = uBigEndian[uBigEndian.length - 1 - i];
        }
        return out;
    }

    /** The Ed25519 public key of a 32-byte seed. */
    public static byte[] ed25519PublicFromSeed(byte[] ed25519Seed) {
        requireSize(ed25519Seed, "Ed25519 seed");
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(ed25519Seed, 0, publicKey, 0);
        return publicKey;
    }

    /** The X25519 public key (base-point multiplication) of a private key. */
    public static byte[] x25519Public(byte[] x25519Private) {
        requireSize(x25519Private, "X25519 private key");
        byte[] publicKey = new byte[KEY_SIZE];
        X25519Backends.active().scalarMultBase(x25519Private, publicKey);
        return publicKey;
    }

    /** Raw X25519 output; like E2, no check that it is non-zero (docs/wire-v1.md §6.3). */
    public static byte[] x25519(byte[] privateKey, byte[] publicKey) {
        requireSize(privateKey, "X25519 private key");
        requireSize(publicKey, "X25519 public key");
        byte[] shared = new byte[KEY_SIZE];
        X25519Backends.active().scalarMult(privateKey, publicKey, shared);
        return shared;
    }

    private static void requireSize(byte[] key, String what) {
        requireNonNull(key, what + " is null");
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + key.length);
        }
    }
}
