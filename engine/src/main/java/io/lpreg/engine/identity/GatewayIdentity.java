package io.lpreg.engine.identity;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.keys.LpKeys;
import io.lpreg.protocol.noise.KeyPair;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's Ed25519 identity key and the LP X25519 key derived from it (docs/wire-v1.md §6.1), so a
 * client that knows the identity can compute the LP key.
 *
 * <p>File format (UTF-8 text, two lines): {@value #FORMAT}, then the 32-byte Ed25519 seed (the RFC 8032
 * secret key) as 64 lowercase hex digits, each line ending in {@code \n}. Written with mode 0600; a file
 * that group or others may access is still loaded, with a warning.
 */
public final class GatewayIdentity {
    public static final String FORMAT = "lpreg-ed25519-identity-v1";

    private static final Logger log = LoggerFactory.getLogger(GatewayIdentity.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final int SEED_SIZE = Ed25519.SECRET_KEY_SIZE;
    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final byte[] seed;
    private final byte[] ed25519PublicKey;
    private final KeyPair lpKeyPair;

    private GatewayIdentity(byte[] seed) {
        this.seed = seed.clone();
        this.ed25519PublicKey = LpKeys.ed25519PublicFromSeed(this.seed);
        KeyPair derived = KeyPair.fromPrivate(LpKeys.x25519PrivateFromEd25519Seed(this.seed));
        byte[] converted;
        try {
            converted = LpKeys.x25519PublicFromEd25519Public(ed25519PublicKey);
        } catch (LpProtocolException e) {
            throw new IllegalStateException("the public key of a seed is always a valid point", e);
        }
        // Clients compute the LP key from the identity public key; the gateway must hold the matching private key.
        if (!Arrays.equals(derived.publicKey(), converted)) {
            throw new IllegalStateException("LP key derived from the seed disagrees with the converted identity key");
        }
        this.lpKeyPair = derived;
    }

    /** An identity from a 32-byte Ed25519 seed (RFC 8032 secret key). */
    public static GatewayIdentity fromSeed(byte[] seed) {
        requireNonNull(seed, "seed is null");
        if (seed.length != SEED_SIZE) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        return new GatewayIdentity(seed);
    }

    public static GatewayIdentity generate(SecureRandom random) {
        requireNonNull(random, "random is null");
        byte[] seed = new byte[SEED_SIZE];
        Ed25519.generatePrivateKey(random, seed);
        try {
            return new GatewayIdentity(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Reads an identity file. A file that group or others may read is used, with a warning.
     *
     * @throws IOException the file cannot be read, or is not an identity file (the message names it)
     */
    public static GatewayIdentity load(Path file) throws IOException {
        requireNonNull(file, "file is null");
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        Arrays.fill(bytes, (byte) 0);
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(FORMAT)) {
            throw new IOException(file + " is not an lpreg identity file: the first line must be " + FORMAT);
        }
        if (lines.size() != 2 || !text.endsWith("\n")) {
            throw new IOException(file + " is malformed: expected two lines, " + FORMAT
                    + " and the seed as 64 hex digits, each ending in a newline");
        }
        String seedHex = lines.get(1);
        if (seedHex.length() != 2 * SEED_SIZE || !seedHex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IOException(file + " is malformed: the second line must be the seed as 64 hex digits");
        }
        byte[] seed = HEX.parseHex(seedHex);
        try {
            GatewayIdentity identity = new GatewayIdentity(seed);
            warnIfGroupOrOthersHaveAccess(file);
            return identity;
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * Writes the identity to a new file, readable and writable by the owner only from the moment it exists,
     * creating missing parent directories.
     *
     * @throws FileAlreadyExistsException the file exists; an identity is never overwritten
     */
    public void save(Path file) throws IOException {
        requireNonNull(file, "file is null");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // The mode is given at creation, so there is no moment in which others could open the file.
        FileAttribute<?>[] attributes = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                : new FileAttribute<?>[0];
        byte[] content = (FORMAT + "\n" + HEX.formatHex(seed) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            channel.write(ByteBuffer.wrap(content));
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null,
                    "an identity file already exists there; refusing to overwrite it");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** The identity in {@code file}, or a new one saved there when the file does not exist. */
    public static GatewayIdentity loadOrCreate(Path file) throws IOException {
        requireNonNull(file, "file is null");
        try {
            return load(file);
        } catch (NoSuchFileException e) {
            GatewayIdentity identity = generate(new SecureRandom());
            try {
                identity.save(file);
                log.info("created gateway identity {} in {}", HEX.formatHex(identity.ed25519PublicKey), file);
                return identity;
            } catch (FileAlreadyExistsException raced) {
                return load(file);
            }
        }
    }

    public byte[] ed25519PublicKey() {
        return ed25519PublicKey.clone();
    }

    /** The LP X25519 key pair: private = SHA-512(seed)[0..32], public = the identity key mapped to Montgomery. */
    public KeyPair lpKeyPair() {
        return lpKeyPair;
    }

    public byte[] lpPublicKey() {
        return lpKeyPair.publicKey();
    }

    /** An Ed25519 (RFC 8032, pure) signature of {@code message} by the identity key. */
    public byte[] sign(byte[] message) {
        requireNonNull(message, "message is null");
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Shows the public identity key only. */
    @Override
    public String toString() {
        return "GatewayIdentity[" + HEX.formatHex(ed25519PublicKey) + "]";
    }

    private static void warnIfGroupOrOthersHaveAccess(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (!OWNER_ONLY.containsAll(permissions)) {
            log.warn("identity file {} is accessible to group or others ({}); chmod 600 it",
                    file, PosixFilePermissions.toString(permissions));
        }
    }
}
