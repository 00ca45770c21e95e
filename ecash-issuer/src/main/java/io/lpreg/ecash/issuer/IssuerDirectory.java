package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A directory holding a whole issuer set on one machine: {@code verification-keys.json} and
 * {@code signer-<i>.json} for i = 1..n. In production each signer keeps only its own file; this layout is
 * what {@code lpreg ecash keygen} writes and {@code lpreg ecash issue} runs the blind protocol against.
 */
public final class IssuerDirectory {
    public static final String VERIFICATION_KEYS = "verification-keys.json";

    private final Path directory;
    private final VerificationKeys keys;
    private final List<Signer> signers;

    private IssuerDirectory(Path directory, VerificationKeys keys, List<Signer> signers) {
        this.directory = directory;
        this.keys = keys;
        this.signers = List.copyOf(signers);
    }

    public static Path signerFile(Path directory, int index) {
        return directory.resolve("signer-" + index + ".json");
    }

    /**
     * Generates the keys of a new epoch: creates the directory's files, or adds the epoch to an existing
     * set of the same n and t. An epoch that already exists is refused, never overwritten.
     */
    public static IssuerDirectory keygen(Path directory, int signers, int threshold, EpochWindow window,
                                         Set<TicketType> types, SecureRandom random) throws IOException {
        requireNonNull(directory, "directory is null");
        Path keysFile = directory.resolve(VERIFICATION_KEYS);
        VerificationKeys existing = Files.exists(keysFile) ? KeyFiles.readVerificationKeys(keysFile)
                : new VerificationKeys(signers, threshold, List.of());
        if (existing.signers() != signers || existing.threshold() != threshold) {
            throw new IllegalArgumentException(keysFile + " is a " + existing.threshold() + "-of-" + existing.signers()
                    + " issuer set; cannot add a " + threshold + "-of-" + signers + " epoch to it");
        }
        if (existing.epoch(window.epoch()).isPresent()) {
            throw new IllegalArgumentException("epoch " + window.epoch() + " already exists in " + keysFile + "; refusing to replace its keys");
        }
        List<SignerShare> shares = new ArrayList<>();
        for (int i = 1; i <= signers; i++) {
            Path file = signerFile(directory, i);
            if (!existing.epochs().isEmpty()) {
                shares.add(KeyFiles.readSignerShare(file));
            } else if (Files.exists(file)) {
                throw new IOException(file + " exists without " + keysFile + "; refusing to overwrite a signer share");
            } else {
                shares.add(new SignerShare(i, signers, threshold, List.of()));
            }
        }
        IssuerKeys generated = IssuerKeys.generate(signers, threshold, window, types, random);
        List<Signer> loaded = new ArrayList<>();
        for (int i = 1; i <= signers; i++) {
            SignerShare before = shares.get(i - 1);
            List<EpochShare> epochs = new ArrayList<>(before.epochs());
            epochs.add(generated.shares().get(i - 1));
            SignerShare after = new SignerShare(i, signers, threshold, epochs);
            KeyFiles.writeSignerShare(signerFile(directory, i), after);
            loaded.add(new Signer(after));
        }
        VerificationKeys updated = existing.withEpoch(generated.keys());
        KeyFiles.writeVerificationKeys(keysFile, updated);
        return new IssuerDirectory(directory, updated, loaded);
    }

    /** Reads the verification keys and whichever signer files are present. */
    public static IssuerDirectory load(Path directory) throws IOException {
        requireNonNull(directory, "directory is null");
        VerificationKeys keys = KeyFiles.readVerificationKeys(directory.resolve(VERIFICATION_KEYS));
        List<Signer> signers = new ArrayList<>();
        for (int i = 1; i <= keys.signers(); i++) {
            Path file = signerFile(directory, i);
            if (Files.exists(file)) {
                SignerShare share = KeyFiles.readSignerShare(file);
                if (share.index() != i || share.signers() != keys.signers() || share.threshold() != keys.threshold()) {
                    throw new IOException(file + " does not belong to this " + keys.threshold() + "-of-" + keys.signers() + " set");
                }
                signers.add(new Signer(share));
            }
        }
        return new IssuerDirectory(directory, keys, signers);
    }

    public Path directory() {
        return directory;
    }

    public VerificationKeys keys() {
        return keys;
    }

    public List<Signer> signers() {
        return signers;
    }

    /**
     * Issues {@code count} tickets of {@code type} by running the blind protocol against the first t signers
     * whose files are present. The epoch is the given one, or the one valid at {@code now} that started last.
     */
    public List<Ticket> issue(TicketType type, OptionalLong epoch, int count, Instant now, SecureRandom random)
            throws IssuanceException {
        requireNonNull(type, "type is null");
        requireNonNull(epoch, "epoch is null");
        requireNonNull(now, "now is null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        EpochKeys epochKeys = (epoch.isPresent() ? keys.epoch(epoch.getAsLong()) : keys.current(now))
                .orElseThrow(() -> new IssuanceException(epoch.isPresent()
                        ? "there are no keys for epoch " + epoch.getAsLong()
                        : "no epoch is valid at " + now));
        TypeKeys typeKeys = epochKeys.keys(type).orElseThrow(() -> new IssuanceException(
                "epoch " + epochKeys.epoch() + " has no key for " + type.label()));
        if (signers.size() < keys.threshold()) {
            throw new IssuanceException("only " + signers.size() + " signer files in " + directory + ", "
                    + keys.threshold() + " are needed");
        }
        List<Signer> quorum = signers.subList(0, keys.threshold());
        List<Ticket> tickets = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            TicketRequest request = TicketRequest.create(type, epochKeys.window(), random);
            Map<Integer, byte[]> shares = new LinkedHashMap<>();
            for (Signer signer : quorum) {
                try {
                    shares.put(signer.index(), signer.signBlinded(epochKeys.epoch(), type, request.blinded()));
                } catch (InvalidPointException | IllegalArgumentException e) {
                    throw new IssuanceException("signer " + signer.index() + ": " + e.getMessage(), e);
                }
            }
            tickets.add(request.finish(shares, typeKeys));
        }
        return tickets;
    }
}
