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
    INTERNAL;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
