package {{PACKAGE}};

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.PluginMetrics;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.time.Duration;
import java.util.Set;

/**
 * The {@value #NAME} verifier, for credentials of the scheme {@value #SCHEME}; enabled by {@code [ecash] verifiers
 * = ["{{ID}}"]}.
 *
 * <p>As generated it is a placeholder scheme that anyone can pay with: a credential is a 16-byte ticket id, any
 * value, and buys the request's ticket type's bandwidth for {@code validity} ({@code [plugins.{{ID}}]}, default 1d).
 * The ticket id is the nullifier, so the gateway refuses the same id the second time. Every other length is
 * refused as malformed, and so is every other scheme. Replace {@link #check} with your scheme's verification: a
 * signature, a MAC, a proof.
 *
 * <p>A verifier is pure: no storage, no network, no side effects; it is called from several threads at once.
 */
@Extension
public final class {{CLASS}} implements EcashVerifier {
    public static final String NAME = "{{ID}}";
    public static final String SCHEME = "{{SCHEME}}";
    public static final int TICKET_ID_BYTES = 16;

    private final Duration validity;
    private final PluginMetrics.Counter accepted;
    private final PluginMetrics.Counter rejected;

    /** The gateway passes the plugin's {@code [plugins.{{ID}}]} table and its metrics; a throw stops the gateway. */
    @Inject
    public {{CLASS}}(PluginConfig config, PluginMetrics metrics) {
        this.validity = config.duration("validity", Duration.ofDays(1));
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("[plugins.{{ID}}] validity must be positive, got " + validity);
        }
        this.accepted = metrics.counter("{{METRIC}}_accepted", "{{SCHEME}} credentials accepted");
        this.rejected = metrics.counter("{{METRIC}}_rejected", "{{SCHEME}} credentials rejected");
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
        VerificationResult result = check(credential, context);
        (result instanceof VerificationResult.Accepted ? accepted : rejected).increment();
        return result;
    }

    private VerificationResult check(Credential credential, VerificationContext context) {
        if (!credential.scheme().equals(SCHEME)) {
            return new VerificationResult.Rejected(RejectionReason.MALFORMED,
                    "the " + NAME + " verifier does not handle the credential scheme " + credential.scheme());
        }
        byte[] ticketId = credential.data();
        if (ticketId.length != TICKET_ID_BYTES) {
            return new VerificationResult.Rejected(RejectionReason.MALFORMED,
                    "a credential of " + SCHEME + " is a " + TICKET_ID_BYTES + "-byte ticket id, got " + ticketId.length + " bytes");
        }
        // Your scheme's checks go here, e.g. RejectionReason.BAD_SIGNATURE for a forged ticket, EXPIRED for an old one.
        // The nullifier must be the same however often one ticket is presented, and unique per ticket.
        return new VerificationResult.Accepted(ticketId, context.ticketType().bandwidthBytes(), context.now().plus(validity));
    }

    @Override
    public String toString() {
        return "{{CLASS}}[" + SCHEME + ", validity " + validity + "]";
    }
}
