package io.lpreg.spi;

/** Where a reported spend stands with the credential scheme's network (see {@link EcashVerifier#settle}). */
public enum SettlementState {
    /** Not yet decided: more votes are needed, or a signer could not be reached. */
    PENDING("pending"),
    /** Enough signers accepted the spend; its report data is no longer kept. */
    CONFIRMED("confirmed"),
    /** Enough signers rejected the spend; the gateway took the scheme's penalty off the client's balance. */
    REJECTED("rejected");

    private final String label;

    SettlementState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
