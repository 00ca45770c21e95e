package io.lpreg.protocol;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type of the protocol core: every decoder and every session step that refuses input
 * throws this, with an {@link LpError} saying why.
 */
public final class LpProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final LpError error;

    public LpProtocolException(LpError error, String message) {
        super(message);
        this.error = requireNonNull(error, "error is null");
    }

    public LpProtocolException(LpError error, String message, Throwable cause) {
        super(message, cause);
        this.error = requireNonNull(error, "error is null");
    }

    public LpError error() {
        return error;
    }

    @Override
    public String toString() {
        return "LpProtocolException[" + error.label() + "]: " + getMessage();
    }
}
