package io.lpreg.example.voucher;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.spi.Credential;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HmacVoucherVerifierTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final VoucherSecret SECRET = VoucherSecret.generate(RANDOM);

    private final CountingMetrics metrics = new CountingMetrics();
    private final HmacVoucherVerifier verifier = new HmacVoucherVerifier(
            MapPluginConfig.of(Map.of("secret", SECRET.hex())), metrics);

    @Test
    void acceptsAVoucherOfItsSecretWithTheIdAsNullifier() {
        Voucher voucher = Voucher.random(NOW.plus(Duration.ofDays(1)), 123_000_000L, RANDOM);

        VerificationResult result = verifier.verify(credential(voucher.sign(SECRET)), at(NOW));

        assertThat(result).isEqualTo(new VerificationResult.Accepted(voucher.id(), 123_000_000L,
                NOW.plus(HmacVoucherVerifier.DEFAULT_VALIDITY)));
        assertThat(metrics.count("hmac_vouchers_accepted")).isEqualTo(1);
    }

    @Test
    void givesAVoucherWithoutBandwidthTheTicketTypesAllowance() {
        Voucher voucher = Voucher.random(NOW.plus(Duration.ofDays(1)), 0, RANDOM);

        VerificationResult result = verifier.verify(credential(voucher.sign(SECRET)), at(NOW));

        assertThat(((VerificationResult.Accepted) result).bandwidthBytes())
                .isEqualTo(TicketType.WIREGUARD_ENTRY.bandwidthBytes());
    }

    @Test
    void keepsTheSpendAtLeastUntilTheVoucherExpires() {
        Instant expiry = NOW.plus(Duration.ofDays(30));
        Voucher voucher = Voucher.random(expiry, 0, RANDOM);

        VerificationResult result = verifier.verify(credential(voucher.sign(SECRET)), at(NOW));

        assertThat(((VerificationResult.Accepted) result).expiresAt()).isEqualTo(expiry);
    }

    @Test
    void rejectsAVoucherWithABadMacAsABadSignature() {
        byte[] signed = Voucher.random(NOW.plus(Duration.ofDays(1)), 0, RANDOM).sign(SECRET);
        signed[Voucher.ENCODED_BYTES - 1] ^= 0x40;

        VerificationResult result = verifier.verify(credential(signed), at(NOW));

        assertThat(result).isEqualTo(new VerificationResult.Rejected(RejectionReason.BAD_SIGNATURE,
                "voucher MAC does not verify: not issued with this gateway's secret, or altered"));
        assertThat(metrics.count("hmac_vouchers_rejected")).isEqualTo(1);
    }

    @Test
    void rejectsAVoucherOfAnotherSecretAsABadSignature() {
        byte[] signed = Voucher.random(NOW.plus(Duration.ofDays(1)), 0, RANDOM).sign(VoucherSecret.generate(RANDOM));

        VerificationResult result = verifier.verify(credential(signed), at(NOW));

        assertThat(result).extracting(r -> ((VerificationResult.Rejected) r).reason())
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void rejectsAVoucherFromItsExpiryOn() {
        Instant expiry = NOW.plusSeconds(60);
        byte[] signed = Voucher.random(expiry, 0, RANDOM).sign(SECRET);

        assertThat(verifier.verify(credential(signed), at(expiry.minusSeconds(1))))
                .isInstanceOf(VerificationResult.Accepted.class);
        assertThat(verifier.verify(credential(signed), at(expiry))).isEqualTo(new VerificationResult.Rejected(
                RejectionReason.EXPIRED, "voucher expired at 2025-06-01T12:01:00Z"));
    }

    @Test
    void rejectsBytesThatAreNoVoucherAsMalformed() {
        VerificationResult result = verifier.verify(credential(new byte[] {1, 2, 3}), at(NOW));

        assertThat(result).isEqualTo(new VerificationResult.Rejected(RejectionReason.MALFORMED,
                "an hmac-voucher-v1 voucher is 65 bytes, got 3"));
    }

    @Test
    void rejectsACredentialOfAnotherScheme() {
        byte[] signed = Voucher.random(NOW.plus(Duration.ofDays(1)), 0, RANDOM).sign(SECRET);

        VerificationResult result = verifier.verify(new Credential("example-voucher", signed), at(NOW));

        assertThat(result).isEqualTo(new VerificationResult.Rejected(RejectionReason.MALFORMED,
                "the hmac-voucher verifier does not handle the credential scheme example-voucher"));
    }

    @Test
    void isNamedHmacVoucherAndHandlesTheV1Scheme() {
        assertThat(verifier.name()).isEqualTo("hmac-voucher");
        assertThat(verifier.schemes()).containsExactly("hmac-voucher-v1");
        assertThat(verifier.acceptsEverything()).isFalse();
    }

    @Test
    void readsTheSecretFromASecretFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("voucher.secret"), SECRET.hex() + "\n");
        HmacVoucherVerifier fromFile = new HmacVoucherVerifier(
                MapPluginConfig.of(Map.of("secret_file", file.toString())), metrics);
        byte[] signed = Voucher.random(NOW.plus(Duration.ofDays(1)), 0, RANDOM).sign(SECRET);

        assertThat(fromFile.verify(credential(signed), at(NOW))).isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void readsTheValidityFromItsSection() {
        HmacVoucherVerifier shortLived = new HmacVoucherVerifier(
                MapPluginConfig.of(Map.of("secret", SECRET.hex(), "validity", "2h")), metrics);
        byte[] signed = Voucher.random(NOW.plusSeconds(60), 0, RANDOM).sign(SECRET);

        VerificationResult result = shortLived.verify(credential(signed), at(NOW));

        assertThat(((VerificationResult.Accepted) result).expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void refusesToStartWithoutExactlyOneSecret() {
        String message = "[plugins.hmac-voucher] needs exactly one of secret (hex) and secret_file (a file holding "
                + "the hex secret); mint one with MintVoucher new-secret";
        assertThatThrownBy(() -> new HmacVoucherVerifier(MapPluginConfig.of(Map.of()), metrics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> new HmacVoucherVerifier(
                MapPluginConfig.of(Map.of("secret", SECRET.hex(), "secret_file", "x")), metrics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void namesTheKeyOfASecretItCannotUse() {
        assertThatThrownBy(() -> new HmacVoucherVerifier(MapPluginConfig.of(Map.of("secret", "abcd")), metrics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret: a voucher secret is at least 32 bytes (64 hex digits), got 2");
        assertThatThrownBy(() -> new HmacVoucherVerifier(
                MapPluginConfig.of(Map.of("secret_file", "/nonexistent/voucher.secret")), metrics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("secret_file: cannot read /nonexistent/voucher.secret");
    }

    @Test
    void refusesAZeroValidity() {
        assertThatThrownBy(() -> new HmacVoucherVerifier(
                MapPluginConfig.of(Map.of("secret", SECRET.hex(), "validity", "0s")), metrics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validity must be positive, got 0s");
    }

    private static Credential credential(byte[] data) {
        return new Credential(Voucher.SCHEME, data);
    }

    private static VerificationContext at(Instant now) {
        return new VerificationContext(TicketType.WIREGUARD_ENTRY, new byte[32], new byte[32], now);
    }
}
