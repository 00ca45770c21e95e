package io.lpreg.crypto.bench;

import io.lpreg.protocol.crypto.X25519Backend;
import org.conscrypt.Conscrypt;

import javax.crypto.KeyAgreement;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A candidate measured, not shipped: BoringSSL's X25519 through Conscrypt's JCA {@code XDH}, its only
 * public way in (its raw {@code NativeCrypto.X25519} is package-private). Keys travel as PKCS#8 / X.509
 * encodings, as JCA wants.
 */
public final class ConscryptXdhX25519 implements X25519Backend {
    public static final String NAME = "conscrypt-jca";

    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b656e04220420");
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");
    private static final byte[] BASE_POINT = new byte[KEY_LENGTH];

    static {
        BASE_POINT[0] = 9;
    }

    private final Provider provider = Conscrypt.newProvider();
    private final ThreadLocal<KeyFactory> keyFactory = ThreadLocal.withInitial(() -> get(() -> KeyFactory.getInstance("XDH", provider)));
    private final ThreadLocal<KeyAgreement> agreement = ThreadLocal.withInitial(() -> get(() -> KeyAgreement.getInstance("XDH", provider)));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return NAME + " (conscrypt-openjdk-uber 2.6.1, BoringSSL, JCA XDH)";
    }

    @Override
    public void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret) {
        try {
            PrivateKey priv = keyFactory.get().generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, privateKey)));
            PublicKey pub = keyFactory.get().generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicKey)));
            KeyAgreement ka = agreement.get();
            ka.init(priv);
            ka.doPhase(pub, true);
            ka.generateSecret(sharedSecret, 0);
        } catch (InvalidKeyException | IllegalStateException e) {
            // BoringSSL refuses an all-zero result; the seam's contract is the raw result.
            Arrays.fill(sharedSecret, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void scalarMultBase(byte[] privateKey, byte[] publicKey) {
        scalarMult(privateKey, BASE_POINT, publicKey);
    }

    private static byte[] concat(byte[] prefix, byte[] key) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, out, prefix.length, key.length);
        return out;
    }

    private interface Creation<T> {
        T create() throws GeneralSecurityException;
    }

    private static <T> T get(Creation<T> creation) {
        try {
            return creation.create();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
