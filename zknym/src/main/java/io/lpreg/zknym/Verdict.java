package io.lpreg.zknym;

/** What {@link SpendVerifier} decided, with a stable label for logs and metrics. */
public enum Verdict {
    OK("ok"),
    /** Not a well-formed spend: wrong list lengths, a spend date outside the u32 timestamps, too many tickets. */
    MALFORMED("malformed"),
    /** Two of the payment's serial numbers are equal ({@code no_duplicate_serial_numbers}). */
    DUPLICATE_SERIAL("malformed"),
    BAD_PROOF("bad_proof"),
    BAD_SIGNATURE("bad_signature"),
    BAD_EXPIRATION_SIGNATURE("bad_expiration_signature"),
    BAD_COIN_INDEX_SIGNATURE("bad_coin_index_signature");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean accepted() {
        return this == OK;
    }
}
