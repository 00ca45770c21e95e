package io.lpreg.spi;

/** The WireGuard interface refused or could not be reached; the message says which and why. */
public final class WireGuardException extends Exception {
    private static final long serialVersionUID = 1L;

    public WireGuardException(String message) {
        super(message);
    }

    public WireGuardException(String message, Throwable cause) {
        super(message, cause);
    }
}
