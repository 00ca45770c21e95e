package io.lpreg.spi;

/** A registration mode refuses the request; the message is sent to the client. */
public final class RegistrationRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public RegistrationRefusedException(String message) {
        super(message);
    }
}
