package io.lpreg.spi;

/**
 * Nym's ticket types and what one ticket buys (ECASH.md §1; MB = 10^6 bytes). The label is the stable
 * name used in configuration, storage and metrics.
 */
public enum TicketType {
    MIXNET_ENTRY("mixnet-entry", 200_000_000L),
    MIXNET_EXIT("mixnet-exit", 100_000_000L),
    WIREGUARD_ENTRY("wireguard-entry", 500_000_000L),
    WIREGUARD_EXIT("wireguard-exit", 500_000_000L);

    private final String label;
    private final long bandwidthBytes;

    TicketType(String label, long bandwidthBytes) {
        this.label = label;
        this.bandwidthBytes = bandwidthBytes;
    }

    public String label() {
        return label;
    }

    public long bandwidthBytes() {
        return bandwidthBytes;
    }

    public static TicketType fromLabel(String label) {
        for (TicketType type : values()) {
            if (type.label.equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown ticket type: " + label);
    }
}
