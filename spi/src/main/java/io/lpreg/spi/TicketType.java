package io.lpreg.spi;

/**
 * Nym's ticket types and what one ticket buys (docs/ecash.md §3; MB = 10^6 bytes). The label is the stable
 * name used in configuration, storage and metrics; the index is Nym's variant index, the one wire code of
 * a ticket type (the bincode u32 of docs/wire-v1.md §9.1 and the {@code ticket_type} byte of
 * {@code bls-ticket-v1}).
 */
public enum TicketType {
    MIXNET_ENTRY(0, "mixnet-entry", 200_000_000L),
    MIXNET_EXIT(1, "mixnet-exit", 100_000_000L),
    WIREGUARD_ENTRY(2, "wireguard-entry", 500_000_000L),
    WIREGUARD_EXIT(3, "wireguard-exit", 500_000_000L);

    private final int index;
    private final String label;
    private final long bandwidthBytes;

    TicketType(int index, String label, long bandwidthBytes) {
        this.index = index;
        this.label = label;
        this.bandwidthBytes = bandwidthBytes;
    }

    /** The wire code: Nym's variant index. */
    public int index() {
        return index;
    }

    /** A stable lower-case name for configuration, logs and metric labels. */
    public String label() {
        return label;
    }

    /** Bandwidth one ticket of this type buys. */
    public long bandwidthBytes() {
        return bandwidthBytes;
    }

    /** The ticket type with this wire code. */
    public static TicketType fromIndex(int index) {
        for (TicketType type : values()) {
            if (type.index == index) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown ticket type " + Integer.toUnsignedString(index));
    }

    /** The ticket type with this label ({@code wireguard-entry}, ...). */
    public static TicketType fromLabel(String label) {
        for (TicketType type : values()) {
            if (type.label.equals(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown ticket type: " + label);
    }
}
