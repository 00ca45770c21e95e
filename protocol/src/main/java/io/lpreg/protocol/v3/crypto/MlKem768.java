package io.lpreg.protocol.v3.crypto;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

import static java.util.Objects.requireNonNull;

/**
 * FIPS 203 ML-KEM-768 on BouncyCastle, deterministic where the standard is: key generation from the
 * 64-byte {@code d ‖ z} and encapsulation from the 32-byte message {@code m}, so that the randomness comes
 * from the caller (wire v3's {@link io.lpreg.protocol.v3.Randomness}) and known answers reproduce.
 */
public final class MlKem768 {
    public static final int ENCAPSULATION_KEY_LENGTH = 1184;
    public static final int DECAPSULATION_KEY_LENGTH = 2400;
    public static final int CIPHERTEXT_LENGTH = 1088;
    public static final int SHARED_SECRET_LENGTH = 32;
    public static final int SEED_LENGTH = 64;
    public static final int MESSAGE_LENGTH = 32;

    private static final MLKEMParameters PARAMETERS = MLKEMParameters.ml_kem_768;
    private static final int Q = 3329;
    private static final int ENCODED_POLYNOMIALS = 3 * 384;

    private MlKem768() {
    }

    /** A key pair; the decapsulation key is kept parsed, since a gateway decapsulates with it on every handshake. */
    public static final class KeyPair {
        private final byte[] encapsulationKey;
        private final MLKEMPrivateKeyParameters privateKey;

        private KeyPair(byte[] encapsulationKey, MLKEMPrivateKeyParameters privateKey) {
            this.encapsulationKey = encapsulationKey;
            this.privateKey = privateKey;
        }

        public byte[] encapsulationKey() {
            return encapsulationKey.clone();
        }

        /** The 2 400-byte FIPS 203 decapsulation key. */
        public byte[] decapsulationKey() {
            return privateKey.getParametersWithFormat(MLKEMPrivateKeyParameters.EXPANDED_KEY).getEncoded();
        }

        public byte[] decapsulate(byte[] ciphertext) throws LpProtocolException {
            if (ciphertext.length != CIPHERTEXT_LENGTH) {
                throw new LpProtocolException(LpError.BAD_LENGTH, "ML-KEM-768 ciphertext must be 1088 bytes");
            }
            // FIPS 203 decapsulation never fails: a wrong ciphertext gives the implicit-rejection secret
            return new MLKEMExtractor(privateKey).extractSecret(ciphertext);
        }

        @Override
        public String toString() {
            return "MlKem768.KeyPair[encapsulationKey=" + encapsulationKey.length + " bytes]";
        }
    }

    public record Encapsulation(byte[] ciphertext, byte[] sharedSecret) {
    }

    /** ML-KEM.KeyGen_internal(d, z) with {@code seed = d ‖ z}. */
    public static KeyPair fromSeed(byte[] seed) {
        requireNonNull(seed, "seed is null");
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("ML-KEM-768 seed must be 64 bytes (d ‖ z)");
        }
        MLKEMPrivateKeyParameters privateKey = new MLKEMPrivateKeyParameters(PARAMETERS, seed);
        return new KeyPair(privateKey.getPublicKey(), privateKey);
    }

    /** From a stored 2 400-byte decapsulation key, whose embedded encapsulation key and hash are checked. */
    public static KeyPair fromDecapsulationKey(byte[] decapsulationKey) throws LpProtocolException {
        requireNonNull(decapsulationKey, "decapsulationKey is null");
        if (decapsulationKey.length != DECAPSULATION_KEY_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "ML-KEM-768 decapsulation key must be 2400 bytes");
        }
        try {
            MLKEMPrivateKeyParameters privateKey = new MLKEMPrivateKeyParameters(PARAMETERS, decapsulationKey);
            byte[] encapsulationKey = privateKey.getPublicKey();
            checkEncapsulationKey(encapsulationKey);
            return new KeyPair(encapsulationKey, privateKey);
        } catch (IllegalArgumentException e) {
            throw new LpProtocolException(LpError.INVALID_KEY, "not an ML-KEM-768 decapsulation key: " + e.getMessage());
        }
    }

    /** ML-KEM.Encaps_internal(ek, m); the key must pass {@link #checkEncapsulationKey}. */
    public static Encapsulation encapsulate(byte[] encapsulationKey, byte[] message) throws LpProtocolException {
        checkEncapsulationKey(encapsulationKey);
        if (message.length != MESSAGE_LENGTH) {
            throw new IllegalArgumentException("ML-KEM-768 encapsulation randomness must be 32 bytes");
        }
        SecretWithEncapsulation result = MLKEMGenerator.internalGenerateEncapsulated(
                new MLKEMPublicKeyParameters(PARAMETERS, encapsulationKey), message.clone());
        try {
            return new Encapsulation(result.getEncapsulation(), result.getSecret());
        } finally {
            try {
                result.destroy();
            } catch (javax.security.auth.DestroyFailedException ignored) {
                // the copies above are what we keep
            }
        }
    }

    /** FIPS 203 §7.2's input check: 1 184 bytes, and every 12-bit coefficient below q (the modulus check). */
    public static void checkEncapsulationKey(byte[] encapsulationKey) throws LpProtocolException {
        requireNonNull(encapsulationKey, "encapsulationKey is null");
        if (encapsulationKey.length != ENCAPSULATION_KEY_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "ML-KEM-768 encapsulation key must be 1184 bytes, got " + encapsulationKey.length);
        }
        for (int i = 0; i < ENCODED_POLYNOMIALS; i += 3) {
            int b0 = encapsulationKey[i] & 0xff;
            int b1 = encapsulationKey[i + 1] & 0xff;
            int b2 = encapsulationKey[i + 2] & 0xff;
            if ((b0 | (b1 & 0x0f) << 8) >= Q || (b1 >>> 4 | b2 << 4) >= Q) {
                throw new LpProtocolException(LpError.INVALID_KEY, "ML-KEM-768 encapsulation key fails the modulus check");
            }
        }
    }
}
