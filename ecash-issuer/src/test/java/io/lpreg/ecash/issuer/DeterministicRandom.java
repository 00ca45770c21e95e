package io.lpreg.ecash.issuer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** SHA-256(label ‖ counter) blocks: reproducible "randomness" for tests and vectors. */
public final class DeterministicRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final byte[] label;
    private long counter;

    public DeterministicRandom(String label) {
        this.label = label.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        int offset = 0;
        while (offset < bytes.length) {
            byte[] block = sha256(ByteBuffer.allocate(label.length + 8).put(label).putLong(counter++).array());
            int n = Math.min(block.length, bytes.length - offset);
            System.arraycopy(block, 0, bytes, offset, n);
            offset += n;
        }
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
