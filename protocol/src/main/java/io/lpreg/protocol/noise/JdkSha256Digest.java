package io.lpreg.protocol.noise;

import org.bouncycastle.crypto.ExtendedDigest;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The JDK's SHA-256 behind BouncyCastle's Digest interface, so BouncyCastle's HMac can use it. HotSpot
 * compiles it to the CPU's SHA instructions, several times faster than BouncyCastle's SHA256Digest; the
 * hashing in a handshake would otherwise cost a tenth of its X25519 time.
 */
final class JdkSha256Digest implements ExtendedDigest {
    private static final int LENGTH = 32;
    private static final int BLOCK_LENGTH = 64;

    private final MessageDigest digest;

    JdkSha256Digest() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String getAlgorithmName() {
        return "SHA-256";
    }

    @Override
    public int getDigestSize() {
        return LENGTH;
    }

    @Override
    public int getByteLength() {
        return BLOCK_LENGTH;
    }

    @Override
    public void update(byte in) {
        digest.update(in);
    }

    @Override
    public void update(byte[] in, int offset, int length) {
        digest.update(in, offset, length);
    }

    @Override
    public int doFinal(byte[] out, int offset) {
        try {
            return digest.digest(out, offset, LENGTH);
        } catch (DigestException e) {
            throw new IllegalArgumentException("no room for the digest", e);
        }
    }

    @Override
    public void reset() {
        digest.reset();
    }
}
