package io.lpreg.protocol.v3.kkt;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import static java.util.Objects.requireNonNull;

/**
 * The four ciphersuite bytes of a KKT context: KEM, the hash of the KEM key's directory digest, that
 * digest's length (0 = 32 bytes) and the signature scheme (Ed25519 = 0; named, but nothing is signed).
 */
public record KktCiphersuite(int kem, KemHash hash, int hashLengthCode, int signatureScheme) {
    public static final int ENCODED_LENGTH = 4;
    public static final int KEM_ML_KEM_768 = 1;
    public static final int KEM_CLASSIC_MCELIECE = 2;
    public static final int SIGNATURE_ED25519 = 0;

    /** What Nym's clients send to every node since 1.27.0: ML-KEM-768, BLAKE3, 32 bytes, Ed25519. */
    public static final KktCiphersuite DEFAULT = new KktCiphersuite(KEM_ML_KEM_768, KemHash.BLAKE3, 0, SIGNATURE_ED25519);

    public KktCiphersuite {
        requireNonNull(hash, "hash is null");
        if (kem != KEM_ML_KEM_768 && kem != KEM_CLASSIC_MCELIECE) {
            throw new IllegalArgumentException("unknown KEM " + kem);
        }
        if (hashLengthCode != 0 && (hashLengthCode < KemHash.MINIMUM_LENGTH || hashLengthCode > 255)) {
            throw new IllegalArgumentException("hash length " + hashLengthCode + " is below " + KemHash.MINIMUM_LENGTH);
        }
        if (signatureScheme != SIGNATURE_ED25519) {
            throw new IllegalArgumentException("unknown signature scheme " + signatureScheme);
        }
    }

    public int hashLength() {
        return hashLengthCode == 0 ? KemHash.DEFAULT_LENGTH : hashLengthCode;
    }

    /** The encapsulation-key length of this suite's KEM. */
    public int kemKeyLength() {
        return kem == KEM_ML_KEM_768 ? 1184 : 524_160;
    }

    public byte[] encode() {
        return new byte[] {(byte) kem, (byte) hash.code(), (byte) hashLengthCode, (byte) signatureScheme};
    }

    public static KktCiphersuite decode(byte[] in, int offset) throws LpProtocolException {
        int kem = in[offset] & 0xff;
        int hashCode = in[offset + 1] & 0xff;
        int hashLength = in[offset + 2] & 0xff;
        int signature = in[offset + 3] & 0xff;
        if (kem != KEM_ML_KEM_768 && kem != KEM_CLASSIC_MCELIECE) {
            throw new LpProtocolException(LpError.UNSUPPORTED_VERSION, "unknown KEM " + kem);
        }
        KemHash hash = KemHash.fromCode(hashCode)
                .orElseThrow(() -> new LpProtocolException(LpError.UNSUPPORTED_VERSION, "unknown hash function " + hashCode));
        if (hashLength != 0 && hashLength < KemHash.MINIMUM_LENGTH) {
            throw new LpProtocolException(LpError.UNSUPPORTED_VERSION, "insecure digest length " + hashLength);
        }
        if (signature != SIGNATURE_ED25519) {
            throw new LpProtocolException(LpError.UNSUPPORTED_VERSION, "unknown signature scheme " + signature);
        }
        return new KktCiphersuite(kem, hash, hashLength, signature);
    }
}
