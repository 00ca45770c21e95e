package io.lpreg.example.voucher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The issuer's tool: makes a secret, and mints vouchers with it, one hex line each. Needs nothing but this
 * plugin's jar: {@code java -cp lpreg-example-custom-verifier-<version>.jar io.lpreg.example.voucher.MintVoucher}.
 *
 * <p>The secret is read from a file, never from an argument: arguments are visible to every user of the
 * machine in the process list.
 */
public final class MintVoucher {
    static final String USAGE = """
            usage: MintVoucher new-secret
                   MintVoucher mint --secret-file FILE [--valid-for DURATION] [--bandwidth BYTES] [--count N]

              new-secret     prints a fresh random secret (hex) for [plugins.hmac-voucher] secret / secret_file
              mint           prints N vouchers (hex, one per line) for the client's hmac-voucher-v1 envelope
                --valid-for  ISO-8601 duration until the voucher expires, default P30D (PT12H, P7D, ...)
                --bandwidth  bytes the voucher buys, default 0 = the standard allowance of the ticket type
                --count      how many vouchers, default 1""";

    private final PrintStream out;
    private final Clock clock;
    private final SecureRandom random;

    MintVoucher(PrintStream out, Clock clock, SecureRandom random) {
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    public static void main(String[] args) {
        try {
            new MintVoucher(System.out, Clock.systemUTC(), new SecureRandom()).run(args);
        } catch (UsageException e) {
            System.err.println("MintVoucher: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    /** Mints {@code count} vouchers; the library form of the {@code mint} command. */
    public static byte[][] mint(VoucherSecret secret, Instant expiry, long bandwidthBytes, int count,
                                SecureRandom random) {
        requireNonNull(secret, "secret is null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        byte[][] vouchers = new byte[count][];
        for (int i = 0; i < count; i++) {
            vouchers[i] = Voucher.random(expiry, bandwidthBytes, random).sign(secret);
        }
        return vouchers;
    }

    void run(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command");
        }
        switch (args[0]) {
            case "new-secret" -> {
                if (args.length != 1) {
                    throw new UsageException("new-secret takes no options");
                }
                out.println(VoucherSecret.generate(random).hex());
            }
            case "mint" -> mint(args);
            default -> throw new UsageException("unknown command " + args[0]);
        }
    }

    private void mint(String[] args) throws UsageException {
        Path secretFile = null;
        Duration validFor = Duration.ofDays(30);
        long bandwidth = 0;
        int count = 1;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new UsageException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            try {
                switch (args[i]) {
                    case "--secret-file" -> secretFile = Path.of(value);
                    case "--valid-for" -> validFor = Duration.parse(value);
                    case "--bandwidth" -> bandwidth = Long.parseLong(value);
                    case "--count" -> count = Integer.parseInt(value);
                    default -> throw new UsageException("unknown option " + args[i]);
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new UsageException(args[i] + ": cannot read " + value);
            }
        }
        if (secretFile == null) {
            throw new UsageException("mint needs --secret-file");
        }
        VoucherSecret secret;
        try {
            secret = VoucherSecret.fromHex(Files.readString(secretFile));
        } catch (IOException e) {
            throw new UsageException("cannot read the secret file " + secretFile + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(secretFile + ": " + e.getMessage());
        }
        if (validFor.isNegative() || validFor.isZero()) {
            throw new UsageException("--valid-for must be positive, got " + validFor);
        }
        Instant expiry = clock.instant().plus(validFor).truncatedTo(ChronoUnit.SECONDS);
        try {
            for (byte[] voucher : mint(secret, expiry, bandwidth, count, random)) {
                out.println(HexFormat.of().formatHex(voucher));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
