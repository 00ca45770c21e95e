package io.lpreg.engine.metrics;

import java.util.Locale;

/** How an LP connection ended: the {@code result} label of {@code lp_connections_total}. */
public enum ConnectionResult {
    COMPLETED,
    FAILED,
    /** Refused before it counted as active: {@code max_connections} reached. */
    BUSY,
    /** Refused before it counted as active: the source IP's token bucket was empty. */
    RATE_LIMITED,
    /** Refused before it counted as active: its source (/32 or /64) already holds its cap of open connections. */
    SOURCE_CAP,
    TIMEOUT,
    /** Closed before msg 2 to give its slot to a source whose handshake completed recently (ConnectionSlots). */
    EVICTED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
