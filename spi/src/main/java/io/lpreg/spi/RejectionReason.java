package io.lpreg.spi;

/** Why a verifier rejected a credential; a closed set, used as a metric label. */
public enum RejectionReason {
    MALFORMED("malformed"),
    UNKNOWN_EPOCH("unknown_epoch"),
    EXPIRED("expired"),
    WRONG_TICKET_TYPE("wrong_ticket_type"),
    WRONG_GATEWAY("wrong_gateway"),
    STALE_TIMESTAMP("stale_timestamp"),
    BAD_SIGNATURE("bad_signature"),
    OTHER("other");

    private final String label;

    RejectionReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
