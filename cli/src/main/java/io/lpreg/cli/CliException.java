package io.lpreg.cli;

/** A usage or input problem the command reports in one line and exits 2 for. */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
