package io.lpreg.engine;

/** The gateway could not start; the message says what to fix. */
public final class GatewayStartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public GatewayStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
