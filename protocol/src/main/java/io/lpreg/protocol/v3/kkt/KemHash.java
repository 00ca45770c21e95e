package io.lpreg.protocol.v3.kkt;

import io.lpreg.protocol.v3.crypto.Blake3;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;

import java.util.Optional;

/**
 * The hash functions a KKT ciphersuite may name for the digest of a KEM encapsulation key, with Nym's
 * wire codes. Code 3 is labelled "sha256" in Nym's directory but is computed as SHA3-256.
 */
public enum KemHash {
    BLAKE3(0, "blake3"),
    SHAKE256(1, "shake256"),
    SHAKE128(2, "shake128"),
    SHA3_256(3, "sha256");

    /** The digest length a ciphersuite's hash-length byte 0 stands for. */
    public static final int DEFAULT_LENGTH = 32;
    /** The shortest custom digest length a ciphersuite may ask for. */
    public static final int MINIMUM_LENGTH = 16;

    private final int code;
    private final String directoryName;

    KemHash(int code, String directoryName) {
        this.code = code;
        this.directoryName = directoryName;
    }

    public int code() {
        return code;
    }

    /** The key under which Nym's directory publishes this digest ({@code kem_keys.mlkem768.<name>}). */
    public String directoryName() {
        return directoryName;
    }

    public static Optional<KemHash> fromCode(int code) {
        for (KemHash hash : values()) {
            if (hash.code == code) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }

    public byte[] digest(byte[] key, int length) {
        byte[] out = new byte[length];
        switch (this) {
            case BLAKE3 -> {
                return Blake3.xof(length, key);
            }
            case SHAKE256, SHAKE128 -> {
                SHAKEDigest shake = new SHAKEDigest(this == SHAKE256 ? 256 : 128);
                shake.update(key, 0, key.length);
                shake.doFinal(out, 0, length);
            }
            case SHA3_256 -> {
                if (length != DEFAULT_LENGTH) {
                    throw new IllegalArgumentException("SHA3-256 gives 32 bytes, not " + length);
                }
                SHA3Digest sha3 = new SHA3Digest(256);
                sha3.update(key, 0, key.length);
                sha3.doFinal(out, 0);
            }
        }
        return out;
    }
}
