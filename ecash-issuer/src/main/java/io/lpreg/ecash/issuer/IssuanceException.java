package io.lpreg.ecash.issuer;

/** Blind issuance failed: a signer's share is invalid, or the combined signature does not verify. */
public final class IssuanceException extends Exception {
    private static final long serialVersionUID = 1L;

    public IssuanceException(String message) {
        super(message);
    }

    public IssuanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
