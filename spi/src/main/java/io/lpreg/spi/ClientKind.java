package io.lpreg.spi;

/** What kind of client a record is; E2 stores these names in {@code clients.client_type}. */
public enum ClientKind {
    ENTRY_MIXNET("entry_mixnet"),
    EXIT_MIXNET("exit_mixnet"),
    ENTRY_WIREGUARD("entry_wireguard"),
    EXIT_WIREGUARD("exit_wireguard");

    private final String label;

    ClientKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ClientKind of(TicketType ticketType) {
        return switch (ticketType) {
            case MIXNET_ENTRY -> ENTRY_MIXNET;
            case MIXNET_EXIT -> EXIT_MIXNET;
            case WIREGUARD_ENTRY -> ENTRY_WIREGUARD;
            case WIREGUARD_EXIT -> EXIT_WIREGUARD;
        };
    }

    public static ClientKind fromLabel(String label) {
        for (ClientKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown client kind: " + label);
    }
}
