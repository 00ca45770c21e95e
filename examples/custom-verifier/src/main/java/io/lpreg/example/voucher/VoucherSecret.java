package io.lpreg.example.voucher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/** The key vouchers are minted and checked with, shared by the issuer and the gateways that accept them. */
public final class VoucherSecret {
    /** HMAC-SHA256 gains nothing from a longer key and loses strength with a shorter one. */
    public static final int MIN_BYTES = 32;

    private final byte[] key;

    private VoucherSecret(byte[] key) {
        requireNonNull(key, "key is null");
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("a voucher secret is at least " + MIN_BYTES + " bytes ("
                    + 2 * MIN_BYTES + " hex digits), got " + key.length);
        }
        this.key = key.clone();
    }

    public static VoucherSecret of(byte[] key) {
        return new VoucherSecret(key);
    }

    /** Hex digits, surrounding white space ignored (a secret file ends with a newline). */
    public static VoucherSecret fromHex(String hex) {
        requireNonNull(hex, "hex is null");
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a voucher secret is written in hex digits: " + e.getMessage(), e);
        }
        return new VoucherSecret(key);
    }

    public static VoucherSecret generate(SecureRandom random) {
        byte[] key = new byte[MIN_BYTES];
        requireNonNull(random, "random is null").nextBytes(key);
        return new VoucherSecret(key);
    }

    public String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** HMAC-SHA256 over {@code message} with this key. */
    byte[] tag(byte[] message) {
        try {
            // Mac instances are not thread-safe and cost little to create; verifiers run on many threads.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    /** Whether {@code tag} is the tag of {@code message}, in time independent of where they differ. */
    boolean authenticates(byte[] message, byte[] tag) {
        return MessageDigest.isEqual(tag(message), tag);
    }

    @Override
    public String toString() {
        return "VoucherSecret[redacted]";
    }
}
