package io.lpreg.engine.testing;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * A verifier for scheme {@code test-voucher} whose data says what to do: {@code ok:<id>} accepts with
 * nullifier {@code <id>} and 1 MB, {@code slow:<id>} does the same after a second, {@code reject} rejects,
 * {@code throw} throws.
 */
public final class TestVerifier implements EcashVerifier {
    public static final String SCHEME = "test-voucher";
    public static final long BANDWIDTH = 1_000_000L;

    @Override
    public String name() {
        return "test";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        String data = new String(credential.data(), StandardCharsets.US_ASCII);
        if (data.startsWith("ok:")) {
            return new VerificationResult.Accepted(data.substring(3).getBytes(StandardCharsets.US_ASCII), BANDWIDTH,
                    context.now().plus(Duration.ofDays(1)));
        }
        if (data.startsWith("slow:")) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new VerificationResult.Accepted(data.substring(5).getBytes(StandardCharsets.US_ASCII), BANDWIDTH,
                    context.now().plus(Duration.ofDays(1)));
        }
        if (data.equals("throw")) {
            throw new IllegalStateException("verifier bug");
        }
        return new VerificationResult.Rejected(RejectionReason.BAD_SIGNATURE, "voucher signature does not verify");
    }

    public static byte[] voucher(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
