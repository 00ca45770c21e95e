package io.lpreg.engine.metrics;

import java.util.Locale;

/** How one attempt to settle a reported spend ended: the {@code outcome} label of {@code lp_settlements_total}. */
public enum SettlementOutcome {
    /** The scheme's network accepted the spend. */
    CONFIRMED,
    /** The scheme's network rejected the spend; the client paid the penalty. */
    REJECTED,
    /** Not decided yet (too few votes): tried again after a back-off. */
    RETRY,
    /** The attempt failed (the verifier threw, no verifier for the scheme, storage failed): tried again later. */
    ERROR;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
