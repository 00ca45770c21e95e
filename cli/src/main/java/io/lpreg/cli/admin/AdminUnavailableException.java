package io.lpreg.cli.admin;

/** The admin socket could not be reached or answered nothing useful; the command exits 1 with this message. */
final class AdminUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    AdminUnavailableException(String message) {
        super(message);
    }
}
