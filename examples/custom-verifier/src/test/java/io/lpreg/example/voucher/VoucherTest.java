package io.lpreg.example.voucher;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoucherTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The example of README.md, "Voucher format", computed there with Python's hmac module. */
    private static final VoucherSecret README_SECRET = VoucherSecret.fromHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final Voucher README_VOUCHER = new Voucher(HEX.parseHex("00112233445566778899aabbccddeeff"),
            Instant.parse("2026-01-01T00:00:00Z"), 250_000_000L);
    private static final String README_BYTES = "0100112233445566778899aabbccddeeff000000006955b900000000000ee6b280"
            + "89c155b943c1fded55d204015cd274bc7e9c4c05105f1c450c750d30fe6d2e46";

    @Test
    void encodesTheReadmeExampleByteForByte() {
        assertThat(HEX.formatHex(README_VOUCHER.sign(README_SECRET))).isEqualTo(README_BYTES);
    }

    @Test
    void opensTheReadmeExample() {
        assertThat(Voucher.open(HEX.parseHex(README_BYTES), README_SECRET))
                .isEqualTo(new Voucher.Opened.Valid(README_VOUCHER));
    }

    @Test
    void findsEveryAlteredByteForged() {
        byte[] signed = HEX.parseHex(README_BYTES);
        // byte 0 is the version: altering it is a different format, not a forgery
        for (int i = 1; i < signed.length; i++) {
            byte[] altered = signed.clone();
            altered[i] ^= 0x01;

            assertThat(Voucher.open(altered, README_SECRET)).as("byte %d altered", i)
                    .isInstanceOf(Voucher.Opened.Forged.class);
        }
    }

    @Test
    void findsAVoucherOfAnotherSecretForged() {
        VoucherSecret other = VoucherSecret.generate(new SecureRandom());

        assertThat(Voucher.open(README_VOUCHER.sign(other), README_SECRET)).isInstanceOf(Voucher.Opened.Forged.class);
    }

    @Test
    void findsAVoucherOfTheWrongLengthMalformed() {
        byte[] truncated = HEX.parseHex(README_BYTES.substring(0, 128));

        assertThat(Voucher.open(truncated, README_SECRET))
                .isEqualTo(new Voucher.Opened.Malformed("an hmac-voucher-v1 voucher is 65 bytes, got 64"));
    }

    @Test
    void findsAnUnknownVersionMalformed() {
        byte[] future = HEX.parseHex(README_BYTES);
        future[0] = 2;

        assertThat(Voucher.open(future, README_SECRET))
                .isEqualTo(new Voucher.Opened.Malformed("unknown voucher version 2 (this gateway reads version 1)"));
    }

    @Test
    void refusesSecretsShorterThan32Bytes() {
        assertThatThrownBy(() -> VoucherSecret.fromHex("00".repeat(31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a voucher secret is at least 32 bytes (64 hex digits), got 31");
        assertThatThrownBy(() -> VoucherSecret.fromHex("not hex"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a voucher secret is written in hex digits");
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(README_SECRET.toString()).isEqualTo("VoucherSecret[redacted]");
    }

    @Test
    void refusesToMintSubSecondExpiriesAndNegativeBandwidth() {
        assertThatThrownBy(() -> new Voucher(new byte[16], Instant.parse("2026-01-01T00:00:00.5Z"), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Voucher(new byte[16], Instant.parse("2026-01-01T00:00:00Z"), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bandwidth must not be negative, got -1");
    }
}
