package io.lpreg.protocol.noise;

import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.digests.Blake2sDigest;

/** The hash functions of Noise rev 34 §12.3 and §12.5 this implementation supports. */
enum HashAlgorithm {
    SHA256("SHA256"),
    BLAKE2S("BLAKE2s");

    /** HASHLEN; both supported hashes are 32 bytes, so HKDF outputs need no truncation (§5.2). */
    static final int LENGTH = 32;

    private final String noiseName;

    HashAlgorithm(String noiseName) {
        this.noiseName = noiseName;
    }

    String noiseName() {
        return noiseName;
    }

    ExtendedDigest newDigest() {
        return switch (this) {
            case SHA256 -> new JdkSha256Digest();
            case BLAKE2S -> new Blake2sDigest(256);
        };
    }

    static HashAlgorithm fromNoiseName(String name) {
        for (HashAlgorithm algorithm : values()) {
            if (algorithm.noiseName.equals(name)) {
                return algorithm;
            }
        }
        return null;
    }
}
