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
    BAD_PROOF("bad_proof"),
    BAD_EXPIRATION_SIGNATURE("bad_expiration_signature"),
    BAD_COIN_INDEX_SIGNATURE("bad_coin_index_signature"),
    WRONG_PROVIDER("wrong_provider"),
    STALE_PAY_INFO("stale_pay_info"),
    REPLAYED_PAY_INFO("replayed_pay_info"),
    WRONG_SPEND_DATE("wrong_spend_date"),
    /** The credential may be fine, but its key could not be had (no key source answered): not the client's fault. */
    KEY_UNAVAILABLE("key_unavailable"),
    OTHER("other");

    private final String label;

    RejectionReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * True when the refusal says something about the credential rather than about this gateway's state: the
     * engine charges such a refusal to the client's source like a failed handshake, since well-formed invalid
     * credentials can cost the gateway pairings.
     */
    public boolean blamesTheClient() {
        return this != KEY_UNAVAILABLE;
    }
}
