package io.lpreg.plugin.ecash.bls;

import io.lpreg.ecash.issuer.EpochWindow;
import io.lpreg.ecash.issuer.IssuanceException;
import io.lpreg.ecash.issuer.IssuerDirectory;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A 2-of-3 issuer set in a directory: epoch 1 (all four types) valid around {@code now}, epoch 2 (mixnet
 * entry only) valid as well, epoch 3 (all types) valid for 30 days, and epoch 0 that ended a week ago.
 */
final class TestIssuer {
    static final long CURRENT = 1;
    static final long MIXNET_ONLY = 2;
    static final long ENDED = 0;
    /** Valid for 30 days from a day before {@code now}: longer than a ticket's 7 days of bandwidth. */
    static final long LONG = 3;

    private final IssuerDirectory directory;
    private final Instant now;

    private TestIssuer(IssuerDirectory directory, Instant now) {
        this.directory = directory;
        this.now = now;
    }

    static TestIssuer create(Path dir, Instant now) throws IOException {
        SecureRandom random = new SecureRandom();
        Instant start = now.minus(Duration.ofDays(1));
        IssuerDirectory.keygen(dir, 3, 2, new EpochWindow(ENDED, start.minus(Duration.ofDays(8)), start.minus(Duration.ofDays(1))),
                EnumSet.allOf(TicketType.class), random);
        IssuerDirectory.keygen(dir, 3, 2, new EpochWindow(CURRENT, start, start.plus(Duration.ofDays(7))),
                EnumSet.allOf(TicketType.class), random);
        IssuerDirectory.keygen(dir, 3, 2, new EpochWindow(LONG, start, start.plus(Duration.ofDays(30))),
                EnumSet.allOf(TicketType.class), random);
        IssuerDirectory directory = IssuerDirectory.keygen(dir, 3, 2,
                new EpochWindow(MIXNET_ONLY, start, start.plus(Duration.ofDays(7))), Set.of(TicketType.MIXNET_ENTRY), random);
        return new TestIssuer(directory, now);
    }

    Path verificationKeys() {
        return directory.directory().resolve(IssuerDirectory.VERIFICATION_KEYS);
    }

    IssuerDirectory directory() {
        return directory;
    }

    Ticket ticket(TicketType type) throws IssuanceException {
        return ticket(type, CURRENT);
    }

    Ticket ticket(TicketType type, long epoch) throws IssuanceException {
        return tickets(type, epoch, 1).get(0);
    }

    List<Ticket> tickets(TicketType type, long epoch, int count) throws IssuanceException {
        return directory.issue(type, OptionalLong.of(epoch), count, now, new SecureRandom());
    }
}
