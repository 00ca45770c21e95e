package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.WireGuardKey;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.KeyAgreement;

import static java.util.Objects.requireNonNull;

/** An X25519 private key as WireGuard writes it: 32 bytes, padded Base64 in files, lowercase hex over UAPI. */
public final class WireGuardPrivateKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private final byte[] bytes;

    public WireGuardPrivateKey(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        if (bytes.length != WireGuardKey.SIZE) {
            throw new IllegalArgumentException("a WireGuard private key is 32 bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A fresh key, clamped like {@code wg genkey} so that files it writes read the same everywhere. */
    public static WireGuardPrivateKey generate() {
        byte[] key = new byte[WireGuardKey.SIZE];
        RANDOM.nextBytes(key);
        key[0] &= (byte) 248;
        key[31] &= 127;
        key[31] |= 64;
        return new WireGuardPrivateKey(key);
    }

    public static WireGuardPrivateKey fromBase64(String base64) {
        return new WireGuardPrivateKey(Base64.getDecoder().decode(requireNonNull(base64, "base64 is null").strip()));
    }

    public static WireGuardPrivateKey fromHex(String hex) {
        return new WireGuardPrivateKey(HexFormat.of().parseHex(requireNonNull(hex, "hex is null")));
    }

    /** X25519(key, 9): the public key, computed with the JDK's XDH so that the plugin bundles no crypto library. */
    public WireGuardKey publicKey() {
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, bytes));
            PublicKey basePoint = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BASE_POINT));
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(privateKey);
            agreement.doPhase(basePoint, true);
            return new WireGuardKey(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot compute X25519", e);
        }
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireGuardPrivateKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WireGuardPrivateKey[public=" + publicKey() + "]";
    }
}
