package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.WireGuardException;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Commands the tests run themselves ({@code ip}, {@code wg}); a failure fails the test with the command's stderr. */
final class Sh {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Sh() {
    }

    static String run(String... command) {
        return withStdin("", command);
    }

    static String withStdin(String stdin, String... command) {
        try {
            return Commands.run(List.of(command), stdin, TIMEOUT);
        } catch (WireGuardException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs it and ignores a failure: for cleanup, which must go on. */
    static void quietly(String... command) {
        try {
            Commands.execute(List.of(command), "", TIMEOUT);
        } catch (WireGuardException | RuntimeException e) {
            // nothing left to clean up, or nothing more to do about it
        }
    }

    /** A short random suffix for names that must be unique on the machine (interfaces, namespaces). */
    static String unique() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
