package io.lpreg.example.embedded;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Accepts the vouchers of a fixed list (scheme {@code example-voucher}, the voucher text in UTF-8), each once
 * per gateway: the nullifier is the voucher's hash, so the engine refuses its second spend.
 */
public final class VoucherListVerifier implements EcashVerifier {
    public static final String NAME = "voucher-list";
    public static final String SCHEME = "example-voucher";

    private final Set<String> voucherHashes;
    private final long bandwidthBytes;
    private final Duration validity;

    public VoucherListVerifier(Collection<String> vouchers, long bandwidthBytes, Duration validity) {
        requireNonNull(vouchers, "vouchers is null");
        this.validity = requireNonNull(validity, "validity is null");
        if (vouchers.isEmpty()) {
            throw new IllegalArgumentException("no vouchers: nobody could register");
        }
        if (bandwidthBytes <= 0) {
            throw new IllegalArgumentException("bandwidthBytes must be positive, got " + bandwidthBytes);
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        // Only hashes are kept and looked up, so lookup timing tells nothing about a voucher's characters.
        this.voucherHashes = vouchers.stream()
                .map(voucher -> HexFormat.of().formatHex(sha256(voucher.getBytes(StandardCharsets.UTF_8))))
                .collect(Collectors.toUnmodifiableSet());
        this.bandwidthBytes = bandwidthBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        byte[] hash = sha256(credential.data());
        if (!voucherHashes.contains(HexFormat.of().formatHex(hash))) {
            return new VerificationResult.Rejected(RejectionReason.BAD_SIGNATURE, "unknown voucher");
        }
        return new VerificationResult.Accepted(hash, bandwidthBytes, context.now().plus(validity));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
