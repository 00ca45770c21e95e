package io.lpreg.tickets;

/** Bytes that are not a {@code bls-ticket-v1} spend (docs/bls-ticket-v1.md): wrong length or a field out of range. */
public final class MalformedSpendException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedSpendException(String message) {
        super(message);
    }
}
