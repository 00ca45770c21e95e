package io.lpreg.cli;

import io.lpreg.ecash.issuer.EpochWindow;
import io.lpreg.ecash.issuer.IssuanceException;
import io.lpreg.ecash.issuer.IssuerDirectory;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.TicketWallet;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The demo's {@code bls-ticket-v1} issuer: a 2-of-3 signer set made on the spot (what {@code lpreg ecash keygen}
 * writes), whose tickets are issued blindly into a wallet (what {@code lpreg ecash issue} does).
 */
record DemoIssuer(Path directory, int signers, int threshold) {
    static final long EPOCH = 1;
    private static final Duration EPOCH_LENGTH = Duration.ofDays(1);

    static DemoIssuer create(Path directory) throws CliException {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
        try {
            IssuerDirectory.keygen(directory, 3, 2, new EpochWindow(EPOCH, start, start.plus(EPOCH_LENGTH)),
                    EnumSet.allOf(TicketType.class), new SecureRandom());
        } catch (IOException e) {
            throw new CliException("cannot write the demo's issuer keys: " + e.getMessage());
        }
        return new DemoIssuer(directory, 3, 2);
    }

    Path verificationKeys() {
        return directory.resolve(IssuerDirectory.VERIFICATION_KEYS);
    }

    /** Issues {@code counts} tickets per type into a new wallet file. */
    Path issueWallet(Path wallet, Map<TicketType, Integer> counts) throws CliException {
        try {
            IssuerDirectory issuer = IssuerDirectory.load(directory);
            TicketWallet target = TicketWallet.open(wallet);
            for (Map.Entry<TicketType, Integer> count : counts.entrySet()) {
                if (count.getValue() > 0) {
                    target.add(issuer.issue(count.getKey(), OptionalLong.of(EPOCH), count.getValue(), Instant.now(),
                            new SecureRandom()));
                }
            }
            return wallet;
        } catch (IOException | IssuanceException e) {
            throw new CliException("cannot issue the demo's tickets: " + e.getMessage());
        }
    }
}
