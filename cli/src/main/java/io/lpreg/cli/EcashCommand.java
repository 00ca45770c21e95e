package io.lpreg.cli;

import io.lpreg.ecash.issuer.EpochWindow;
import io.lpreg.ecash.issuer.IssuanceException;
import io.lpreg.ecash.issuer.IssuerDirectory;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code lpreg ecash keygen|issue}: the issuer side of {@code bls-ticket-v1} (docs/ecash.md §7,
 * plugins/ecash-bls/README.md) on one machine. The library is {@code lpreg-ecash-issuer}, the one the
 * ecash-bls plugin bundles, so the cli does not depend on a plugin.
 */
@Command(name = "ecash",
        description = "Issuer tooling for bls-ticket-v1 tickets (the ecash-bls verifier).",
        subcommands = {EcashCommand.Keygen.class, EcashCommand.Issue.class, HelpCommand.class})
public final class EcashCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "keygen",
            description = "Generate the keys of one epoch: an independent t-of-n key per ticket type, written as "
                    + "DIR/signer-<i>.json (secret shares, 0600) and DIR/verification-keys.json (public, for gateways). "
                    + "Run again with another --epoch to add an epoch to the same set.")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--signers", required = true, paramLabel = "N", description = "Number of signers n")
        int signers;

        @Option(names = "--threshold", required = true, paramLabel = "T", description = "Signers needed to issue a ticket, t")
        int threshold;

        @Option(names = "--epoch", required = true, paramLabel = "E", description = "Epoch number (u63)")
        long epoch;

        @Option(names = "--ticket-types", split = ",", paramLabel = "TYPE",
                description = "Ticket types of the epoch (default: all: mixnet-entry, mixnet-exit, wireguard-entry, wireguard-exit)")
        List<String> ticketTypes;

        @Option(names = "--valid-from", paramLabel = "INSTANT",
                description = "Start of the epoch, ISO-8601 (default: now, whole seconds)")
        String validFrom;

        @Option(names = "--validity", defaultValue = "7d", paramLabel = "DURATION",
                description = "Length of the epoch (default: ${DEFAULT-VALUE})")
        String validity;

        @Option(names = "--issuer", required = true, paramLabel = "DIR", description = "Issuer directory (created if absent)")
        Path issuer;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Instant start = validFrom == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.parse(validFrom);
                Duration length = PluginConfig.parseDuration(validity);
                EpochWindow window = new EpochWindow(epoch, start, start.plus(length));
                Set<TicketType> types = EnumSet.noneOf(TicketType.class);
                if (ticketTypes == null || ticketTypes.isEmpty()) {
                    types.addAll(EnumSet.allOf(TicketType.class));
                } else {
                    for (String label : ticketTypes) {
                        types.add(TicketType.fromLabel(label.strip()));
                    }
                }
                IssuerDirectory.keygen(issuer, signers, threshold, window, types, new SecureRandom());
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.println("epoch " + epoch + " (" + window.validFrom() + " .. " + window.validUntil() + "), "
                        + threshold + "-of-" + signers + ", " + types.stream().map(TicketType::label).toList());
                stdout.println("signer shares (secret): " + IssuerDirectory.signerFile(issuer, 1).toAbsolutePath().getParent()
                        + "/signer-{1.." + signers + "}.json");
                stdout.println("verification keys:      " + issuer.resolve(IssuerDirectory.VERIFICATION_KEYS).toAbsolutePath());
                stdout.flush();
                return 0;
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return usage(spec, "keygen", e.getMessage());
            } catch (IOException e) {
                return fail(spec, "keygen", e.getMessage());
            }
        }
    }

    @Command(name = "issue",
            description = "Issue tickets: runs the blind protocol (blind, t signer shares, combine, unblind, verify) "
                    + "against the signer files in DIR and appends the tickets to the wallet file.")
    static final class Issue implements Callable<Integer> {
        @Option(names = "--issuer", required = true, paramLabel = "DIR", description = "Issuer directory written by keygen")
        Path issuer;

        @Option(names = "--ticket-type", required = true, paramLabel = "TYPE",
                description = "mixnet-entry, mixnet-exit, wireguard-entry or wireguard-exit")
        String ticketType;

        @Option(names = "--count", defaultValue = "1", paramLabel = "K", description = "Tickets to issue (default: ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--epoch", paramLabel = "E", description = "Epoch (default: the one valid now that started last)")
        Long epoch;

        @Option(names = "--wallet", required = true, paramLabel = "FILE", description = "Wallet file (created 0600 if absent)")
        Path wallet;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                TicketType type = TicketType.fromLabel(ticketType);
                List<Ticket> tickets = issue(IssuerDirectory.load(issuer), type);
                TicketWallet target = TicketWallet.open(wallet);
                target.add(tickets);
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.println("issued " + tickets.size() + " " + type.label() + " tickets of epoch " + tickets.get(0).epoch()
                        + " (valid until " + tickets.get(0).validUntil() + ") into " + wallet.toAbsolutePath());
                stdout.println("wallet: " + target.tickets().stream().filter(t -> !t.spent()).count() + " unspent tickets");
                stdout.flush();
                return 0;
            } catch (IllegalArgumentException e) {
                return usage(spec, "issue", e.getMessage());
            } catch (NoSuchFileException e) {
                return usage(spec, "issue", "--issuer " + issuer + ": no issuer directory there (lpreg ecash keygen --issuer DIR makes one)");
            } catch (IOException | IssuanceException e) {
                return fail(spec, "issue", e.getMessage());
            }
        }

        /**
         * All {@code --count} tickets at once, or, from {@link #PROGRESS_FROM} on (about 10 ms a ticket), in a hundred
         * batches with progress on stderr; the wallet gets them all or none, as before.
         */
        private List<Ticket> issue(IssuerDirectory directory, TicketType type) throws IssuanceException {
            OptionalLong chosenEpoch = epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
            Instant now = Instant.now();
            SecureRandom random = new SecureRandom();
            if (count < PROGRESS_FROM) {
                return directory.issue(type, chosenEpoch, count, now, random);
            }
            Progress progress = new Progress(spec.commandLine().getErr(), "lpreg ecash issue", "tickets", count,
                    Progress.Terminal.detect());
            List<Ticket> tickets = new java.util.ArrayList<>(count);
            int batch = Math.max(1, count / 100);
            while (tickets.size() < count) {
                tickets.addAll(directory.issue(type, chosenEpoch, Math.min(batch, count - tickets.size()), now, random));
                progress.accept(tickets.size());
            }
            progress.finish();
            return tickets;
        }
    }

    /** Issuing fewer tickets than this takes under a second or two: no progress shown. */
    static final int PROGRESS_FROM = 200;

    /** A usage error: a value the user gave is wrong (exit status 2, as in every command). */
    private static int usage(CommandSpec spec, String command, String message) {
        fail(spec, command, message);
        return 2;
    }

    private static int fail(CommandSpec spec, String command, String message) {
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println("lpreg ecash " + command + ": " + message);
        stderr.flush();
        return 1;
    }
}
