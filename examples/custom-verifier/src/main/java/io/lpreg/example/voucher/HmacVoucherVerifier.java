package io.lpreg.example.voucher;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.PluginMetrics;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Accepts {@code hmac-voucher-v1} vouchers (README.md) minted with the secret of its
 * {@code [plugins.hmac-voucher]} section. Pure, as a verifier must be: the voucher id is the nullifier, so the
 * engine refuses a voucher's second spend without any state here.
 */
@Extension
public final class HmacVoucherVerifier implements EcashVerifier {
    public static final String NAME = "hmac-voucher";
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    private final VoucherSecret secret;
    private final Duration validity;
    private final PluginMetrics.Counter accepted;
    private final PluginMetrics.Counter rejected;

    @Inject
    public HmacVoucherVerifier(PluginConfig config, PluginMetrics metrics) {
        requireNonNull(config, "config is null");
        requireNonNull(metrics, "metrics is null");
        this.secret = secret(config);
        try {
            this.validity = config.duration("validity", DEFAULT_VALIDITY);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("validity: " + e.getMessage(), e);
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + config.value("validity").orElse(""));
        }
        this.accepted = metrics.counter("hmac_vouchers_accepted", "hmac-voucher-v1 vouchers accepted");
        this.rejected = metrics.counter("hmac_vouchers_rejected", "hmac-voucher-v1 vouchers rejected");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(Voucher.SCHEME);
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        VerificationResult result = check(credential, context);
        (result instanceof VerificationResult.Accepted ? accepted : rejected).increment();
        return result;
    }

    private VerificationResult check(Credential credential, VerificationContext context) {
        if (!credential.scheme().equals(Voucher.SCHEME)) {
            return new VerificationResult.Rejected(RejectionReason.MALFORMED,
                    "the " + NAME + " verifier does not handle the credential scheme " + credential.scheme());
        }
        return switch (Voucher.open(credential.data(), secret)) {
            case Voucher.Opened.Malformed malformed ->
                    new VerificationResult.Rejected(RejectionReason.MALFORMED, malformed.problem());
            case Voucher.Opened.Forged forged -> new VerificationResult.Rejected(RejectionReason.BAD_SIGNATURE,
                    "voucher MAC does not verify: not issued with this gateway's secret, or altered");
            case Voucher.Opened.Valid valid -> accept(valid.voucher(), context);
        };
    }

    private VerificationResult accept(Voucher voucher, VerificationContext context) {
        Instant now = context.now();
        if (!now.isBefore(voucher.expiry())) {
            return new VerificationResult.Rejected(RejectionReason.EXPIRED, "voucher expired at " + voucher.expiry());
        }
        long bandwidth = voucher.bandwidthBytes() == 0 ? context.ticketType().bandwidthBytes() : voucher.bandwidthBytes();
        // The spent id must be kept at least as long as the voucher can be redeemed: storage purges a spend
        // after this expiry, and a purged id could be spent again.
        Instant expiresAt = now.plus(validity);
        if (expiresAt.isBefore(voucher.expiry())) {
            expiresAt = voucher.expiry();
        }
        return new VerificationResult.Accepted(voucher.id(), bandwidth, expiresAt);
    }

    private static VoucherSecret secret(PluginConfig config) {
        Optional<String> inline = config.value("secret");
        Optional<String> file = config.value("secret_file");
        if (inline.isPresent() == file.isPresent()) {
            throw new IllegalArgumentException("[plugins.hmac-voucher] needs exactly one of secret (hex) and "
                    + "secret_file (a file holding the hex secret); mint one with MintVoucher new-secret");
        }
        if (inline.isPresent()) {
            try {
                return VoucherSecret.fromHex(inline.get());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secret: " + e.getMessage(), e);
            }
        }
        Path path = Path.of(file.get());
        try {
            return VoucherSecret.fromHex(Files.readString(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("secret_file: cannot read " + path + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret_file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "HmacVoucherVerifier[" + Voucher.SCHEME + ", validity " + validity + "]";
    }
}
