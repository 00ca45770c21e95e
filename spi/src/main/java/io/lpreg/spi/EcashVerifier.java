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

    /** True for a verifier that accepts without checking; the gateway warns and reports it in /health. */
    default boolean acceptsEverything() {
        return false;
    }
}
