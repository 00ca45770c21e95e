package io.lpreg.protocol.registration;

import io.lpreg.protocol.bincode.BincodeReader;
import io.lpreg.protocol.LpProtocolException;

/**
 * Nym's ticket types, encoded as a bincode u32 variant index (LP-WIRE.md §A.6.1; sizes: ECASH.md §1,
 * MB = 10^6 bytes).
 */
public enum TicketType {
    V1_MIXNET_ENTRY("mixnet-entry", 200_000_000L),
    V1_MIXNET_EXIT("mixnet-exit", 100_000_000L),
    V1_WIREGUARD_ENTRY("wireguard-entry", 500_000_000L),
    V1_WIREGUARD_EXIT("wireguard-exit", 500_000_000L);

    private final String label;
    private final long bandwidthBytes;

    TicketType(String label, long bandwidthBytes) {
        this.label = label;
        this.bandwidthBytes = bandwidthBytes;
    }

    /** The wire index. */
    public int index() {
        return ordinal();
    }

    /** A stable lower-case name for configuration, logs and metric labels. */
    public String label() {
        return label;
    }

    /** Bandwidth one ticket of this type buys. */
    public long bandwidthBytes() {
        return bandwidthBytes;
    }

    static TicketType read(BincodeReader reader) throws LpProtocolException {
        return values()[reader.variant("TicketType", values().length)];
    }
}
