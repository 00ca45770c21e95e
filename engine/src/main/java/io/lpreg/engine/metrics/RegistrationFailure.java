package io.lpreg.engine.metrics;

import java.util.Locale;

/** Why a registration failed: the {@code reason} label of {@code lp_registration_failed_total}. */
public enum RegistrationFailure {
    INVALID_TIMESTAMP,
    MALFORMED_REQUEST,
    UNKNOWN_MODE,
    NO_VERIFIER,
    CREDENTIAL_REJECTED,
    DOUBLE_SPEND,
    POOL_EXHAUSTED,
    STORAGE,
    WIREGUARD_UNAVAILABLE,
    WIREGUARD,
    MODE_REFUSED,
    OVERLOADED,
    /** The client closed the connection before anything was spent (checked right before the transaction). */
    CLIENT_GONE,
    /** A v2 WireGuard key proof that does not verify (docs/wire-v2.md §2.1). */
    BAD_KEY_PROOF,
    INTERNAL;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
