package io.lpreg.plugin.ecash.mock;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import jakarta.inject.Inject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Accepts every credential of its schemes without looking at it, as Nym's mock e-cash does
 * ({@code --lp-use-mock-ecash}, docs/ecash.md §5): for tests and local networks only. The gateway enables it only
 * when a configuration names {@code mock}, and warns at every start.
 *
 * <p>The nullifier is a hash of the session's handshake hash and the credential, so it is fresh in every
 * session: one fixed credential (the Nym probe's dummy one) can register again and again, while a replay
 * of a request inside one session is still a double spend.
 */
@Extension
public final class MockEcashVerifier implements EcashVerifier {
    public static final String NAME = "mock";
    /** Nym's E2 gateway grants 1 GiB per mock credential. */
    public static final long DEFAULT_ALLOWANCE_BYTES = 1L << 30;
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
    public static final String DEFAULT_SCHEMES = "nym-zknym,bls-ticket-v1";

    private static final Logger log = LoggerFactory.getLogger(MockEcashVerifier.class);
    private static final byte[] NULLIFIER_DOMAIN = "lpreg-ecash-mock-v1".getBytes(StandardCharsets.US_ASCII);

    private final long allowanceBytes;
    private final Duration validity;
    private final Set<String> schemes;

    @Inject
    public MockEcashVerifier(PluginConfig config) {
        requireNonNull(config, "config is null");
        this.allowanceBytes = setting("allowance_bytes", () -> config.longValue("allowance_bytes", DEFAULT_ALLOWANCE_BYTES));
        this.validity = setting("validity", () -> config.duration("validity", DEFAULT_VALIDITY));
        this.schemes = parseSchemes(config.string("schemes", DEFAULT_SCHEMES));
        if (allowanceBytes < 0) {
            throw new IllegalArgumentException("allowance_bytes must not be negative, got " + allowanceBytes);
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + config.value("validity").orElse(""));
        }
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("schemes must name at least one credential scheme");
        }
        // The engine creates every verifier to learn its name, enabled or not, and warns loudly when it enables
        // one that accepts everything: a warning here would tell a gateway that never enables it to worry.
        log.info("mock e-cash verifier available (accepts every credential of {}, {} bytes each) — in use only where "
                + "[ecash] verifiers names \"mock\"", schemes, allowanceBytes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return schemes;
    }

    @Override
    public boolean acceptsEverything() {
        return true;
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        if (!schemes.contains(credential.scheme())) {
            return new VerificationResult.Rejected(RejectionReason.MALFORMED,
                    "the mock verifier does not handle the credential scheme " + credential.scheme());
        }
        return new VerificationResult.Accepted(nullifier(credential, context), allowanceBytes,
                context.now().plus(validity));
    }

    /** SHA-256("lpreg-ecash-mock-v1" ‖ handshake hash ‖ credential data). */
    static byte[] nullifier(Credential credential, VerificationContext context) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha256.update(NULLIFIER_DOMAIN);
        sha256.update(context.handshakeHash());
        sha256.update(credential.data());
        return sha256.digest();
    }

    private static <T> T setting(String key, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> parseSchemes(String list) {
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .filter(scheme -> !scheme.isEmpty())
                .collect(Collectors.collectingAndThen(Collectors.toCollection(LinkedHashSet::new),
                        Collections::unmodifiableSet));
    }

    @Override
    public String toString() {
        return "MockEcashVerifier[" + schemes + ", " + allowanceBytes + " bytes, " + validity + "]";
    }
}
