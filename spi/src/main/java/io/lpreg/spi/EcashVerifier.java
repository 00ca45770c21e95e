package io.lpreg.spi;

import org.pf4j.ExtensionPoint;

import java.util.Set;

/**
 * Verifies credentials of one or more schemes. Verification is pure: no storage, no side effects — the
 * engine consumes the nullifier, so every verifier gets double-spend protection for free. Called from
 * worker threads, possibly concurrently.
 */
public interface EcashVerifier extends ExtensionPoint {
    /** The name configuration enables it by ({@code [ecash] verifiers = ["mock"]}, {@code --ecash mock}). */
    String name();

    /** The credential schemes this verifier handles (for example {@code nym-zknym}). */
    Set<String> schemes();

    VerificationResult verify(Credential credential, VerificationContext context);

    /**
     * Reports an accepted spend whose {@link VerificationResult.Accepted#report()} was not empty to the scheme's
     * network and counts the votes. The engine calls it from its settlement outbox, off the registration path,
     * again after a {@link SettlementState#PENDING} result or an exception (with a back-off), until the
     * settlement is decided. {@code entry.votes()} are the votes recorded so far: ask only the signers missing
     * from it.
     */
    default SettlementResult settle(SettlementEntry entry) throws Exception {
        throw new UnsupportedOperationException(name() + " reports no spends");
    }

    /** True for a verifier that accepts without checking; the gateway warns and reports it in /health. */
    default boolean acceptsEverything() {
        return false;
    }
}
