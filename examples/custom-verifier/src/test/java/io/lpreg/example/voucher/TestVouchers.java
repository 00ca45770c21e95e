package io.lpreg.example.voucher;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Mints vouchers straight from README.md's format, as a third party would: the integration test runs
 * without this module's classes (the gateway must get them from the zip), and a second implementation of the
 * format checks the first.
 */
final class TestVouchers {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestVouchers() {
    }

    static byte[] secret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }

    static byte[] mint(byte[] secret, Instant expiry, long bandwidthBytes) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        byte[] body = ByteBuffer.allocate(33).put((byte) 1).put(id).putLong(expiry.getEpochSecond())
                .putLong(bandwidthBytes).array();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update("lpreg/hmac-voucher-v1".getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return ByteBuffer.allocate(65).put(body).put(mac.doFinal()).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
