package io.lpreg.plugin.wireguard.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The gateway's WireGuard private key on disk: Base64 on one line (what {@code wg genkey} writes, so
 * {@code wg pubkey < file} works), mode 0600, created on first use.
 */
public final class PrivateKeyFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private PrivateKeyFile() {
    }

    public static WireGuardPrivateKey loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                return create(file);
            } catch (FileAlreadyExistsException raced) {
                // another process created it between the check and the creation: use theirs
            }
        }
        return load(file);
    }

    static WireGuardPrivateKey load(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException("the WireGuard private key file " + file + " is accessible by others ("
                    + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return WireGuardPrivateKey.fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("the WireGuard private key file " + file + " does not hold a key as wg genkey writes "
                    + "it (32 bytes in Base64): " + e.getMessage(), e);
        }
    }

    private static WireGuardPrivateKey create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        WireGuardPrivateKey key = WireGuardPrivateKey.generate();
        // created with 0600 at once: the key is never readable by others, not even for a moment
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            channel.write(ByteBuffer.wrap((key.base64() + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
        return key;
    }
}
