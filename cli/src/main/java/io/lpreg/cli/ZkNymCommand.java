package io.lpreg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.FileReplacement;
import io.lpreg.zknym.IssuerKeyFiles;
import io.lpreg.zknym.IssuerKeys;
import io.lpreg.zknym.MalformedZkNymException;
import io.lpreg.zknym.SignerKey;
import io.lpreg.zknym.Ticketbook;
import io.lpreg.zknym.ZkNymIssuer;
import io.lpreg.zknym.ZkNymWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code lpreg zknym keygen|issue}: a zk-nym issuer for test networks and the demo (the zknym library's t-of-n
 * keys and ticketbooks). Its tickets verify as Nym's do; the issuance itself is not Nym's blind protocol.
 */
@Command(name = "zknym",
        description = "Issuer tooling for zk-nyms (Nym's compact e-cash, the ecash-zknym verifier) on a test network.",
        subcommands = {ZkNymCommand.Keygen.class, ZkNymCommand.Issue.class, HelpCommand.class})
public final class ZkNymCommand implements Runnable {
    /** What {@code [plugins.ecash-zknym] verification_keys} names: a JSON array of {@code {"epoch_id", "key"}}. */
    static final String VERIFICATION_KEYS = "verification-keys.json";
    static final String VERIFICATION_KEY = "verification-key.json";
    private static final String SIGNER_PREFIX = "signer-";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "keygen",
            description = "Generate one epoch's t-of-n keys (Nym's ttp_keygen): DIR/signer-<i>.json (secret shares, 0600), "
                    + "DIR/verification-key.json (the aggregated key) and DIR/verification-keys.json (public, the file "
                    + "[plugins.ecash-zknym] verification_keys names).")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Issuer directory (created if absent)")
        Path directory;

        @Option(names = "--signers", defaultValue = "3", paramLabel = "N", description = "Number of signers n (default ${DEFAULT-VALUE})")
        int signers;

        @Option(names = "--threshold", defaultValue = "2", paramLabel = "T",
                description = "Signers needed to issue a ticketbook, t (default ${DEFAULT-VALUE})")
        int threshold;

        @Option(names = "--epoch", defaultValue = "1", paramLabel = "E", description = "Epoch id (default ${DEFAULT-VALUE})")
        long epoch;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (signers < 1 || threshold < 1 || threshold > signers || epoch < 0) {
                return usage(spec, "keygen", "expected 1 ≤ --threshold ≤ --signers and a non-negative --epoch, got "
                        + threshold + " of " + signers + ", epoch " + epoch);
            }
            if (Files.exists(directory.resolve(VERIFICATION_KEY))) {
                return usage(spec, "keygen", "--dir " + directory + " already holds zk-nym keys; name a new directory");
            }
            try {
                writeKeys(directory, ZkNymIssuer.keygen(epoch, threshold, signers, new SecureRandom()));
                PrintWriter stdout = spec.commandLine().getOut();
                Path absolute = directory.toAbsolutePath();
                stdout.println("zk-nym keys of epoch " + epoch + ", " + threshold + "-of-" + signers);
                stdout.println("signer shares (secret): " + absolute + "/" + SIGNER_PREFIX + "{1.." + signers + "}.json");
                stdout.println("verification key:       " + absolute.resolve(VERIFICATION_KEY));
                stdout.println("for gateways:           " + absolute.resolve(VERIFICATION_KEYS)
                        + "  ([plugins.ecash-zknym] verification_keys)");
                stdout.flush();
                return 0;
            } catch (IOException e) {
                return fail(spec, "keygen", "cannot write the keys: " + e.getMessage());
            }
        }
    }

    @Command(name = "issue",
            description = "Issue one ticketbook of 50 tickets, signed by threshold-many of the signers in DIR, into a new "
                    + "wallet file (0600) that lpreg register --zknym-wallet spends.")
    static final class Issue implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Issuer directory written by keygen")
        Path directory;

        @Option(names = "--wallet", required = true, paramLabel = "FILE", description = "The wallet file to create")
        Path wallet;

        @Option(names = "--ticket-type", defaultValue = "wireguard-entry", paramLabel = "TYPE",
                description = "mixnet-entry, mixnet-exit, wireguard-entry or wireguard-exit (default ${DEFAULT-VALUE})")
        String ticketType;

        @Option(names = "--expiration", paramLabel = "YYYY-MM-DD",
                description = "The ticketbook's expiration date; it is spendable on the 7 days ending there "
                        + "(default: 6 days after today, UTC, so spendable from today)")
        String expiration;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            TicketType type;
            LocalDate expires;
            try {
                type = TicketType.fromLabel(ticketType.strip());
                expires = expiration == null ? today.plusDays(6) : LocalDate.parse(expiration.strip());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return usage(spec, "issue", "--ticket-type mixnet-entry|mixnet-exit|wireguard-entry|wireguard-exit and "
                        + "--expiration YYYY-MM-DD: " + e.getMessage());
            }
            if (expires.isBefore(today)) {
                return usage(spec, "issue", "--expiration " + expires + " has passed (today is " + today + ", UTC)");
            }
            if (Files.exists(wallet)) {
                return usage(spec, "issue", "--wallet " + wallet + " exists: a zk-nym wallet holds one ticketbook; name a new file");
            }
            try {
                IssuerKeyFiles.VerificationKeyFile key = IssuerKeyFiles.readVerificationKey(directory.resolve(VERIFICATION_KEY));
                List<SignerKey> signers = signers(directory, key);
                if (signers.size() < key.threshold()) {
                    return fail(spec, "issue", directory + " holds " + signers.size() + " signer file"
                            + (signers.size() == 1 ? "" : "s") + " of epoch " + key.epochId() + ", and a ticketbook needs "
                            + key.threshold() + " signers (the threshold)");
                }
                List<SignerKey> signing = signers.subList(0, key.threshold());
                Ticketbook book = ZkNymIssuer.issue(signing, key.verificationKey(), key.epochId(), type, expires, new SecureRandom());
                ZkNymWallet.create(wallet, book);
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.println("issued 50 " + type.label() + " zk-nyms of epoch " + key.epochId() + ", signed by signers "
                        + signing.stream().map(s -> String.valueOf(s.index())).toList() + ", spendable "
                        + expires.minusDays(6) + " .. " + expires + " (UTC), into " + wallet.toAbsolutePath());
                stdout.flush();
                return 0;
            } catch (NoSuchFileException e) {
                return usage(spec, "issue", "--dir " + directory + ": no zk-nym keys there (lpreg zknym keygen --dir DIR makes them)");
            } catch (IOException | MalformedZkNymException e) {
                return fail(spec, "issue", e.getMessage());
            }
        }

        /** The signer files of the key's epoch and key, by index. */
        private static List<SignerKey> signers(Path directory, IssuerKeyFiles.VerificationKeyFile key)
                throws IOException, MalformedZkNymException {
            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.filter(file -> {
                    String name = file.getFileName().toString();
                    return name.startsWith(SIGNER_PREFIX) && name.endsWith(".json");
                }).toList();
            }
            List<SignerKey> signers = new ArrayList<>();
            for (Path file : files) {
                IssuerKeyFiles.SignerFile signer = IssuerKeyFiles.readSigner(file);
                if (signer.epochId() == key.epochId() && signer.verificationKey().equals(key.verificationKey())) {
                    signers.add(signer.signer());
                }
            }
            signers.sort(Comparator.comparingLong(SignerKey::index));
            return signers;
        }
    }

    /** The signer files, the aggregated key, and the gateways' keys file of one epoch, into {@code directory}. */
    static void writeKeys(Path directory, IssuerKeys keys) throws IOException {
        Files.createDirectories(directory);
        IssuerKeyFiles.writeAll(directory, keys);
        ArrayNode epochs = JSON.createArrayNode();
        epochs.addObject().put("epoch_id", keys.epochId()).set("key", keys.verificationKey().toJson());
        FileReplacement.replace(directory.resolve(VERIFICATION_KEYS),
                JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(epochs) + "\n",
                FileReplacement.PUBLIC);
    }

    /** A usage error: a value the user gave is wrong (exit status 2, as in every command). */
    private static int usage(CommandSpec spec, String command, String message) {
        fail(spec, command, message);
        return 2;
    }

    private static int fail(CommandSpec spec, String command, String message) {
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println("lpreg zknym " + command + ": " + message);
        stderr.flush();
        return 1;
    }
}
