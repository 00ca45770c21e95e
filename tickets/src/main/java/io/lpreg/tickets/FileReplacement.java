package io.lpreg.tickets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Replaces a file's whole content at once: the text goes to a temporary file beside it, which is renamed over
 * the file, so a reader or a crash sees the old content or the new one, never half of either. The temporary
 * file is created 0600 and only then given the file's mode, so a secret (a wallet's serial seeds, a signer's
 * shares) is never readable by others on the way.
 */
public final class FileReplacement {
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private FileReplacement() {
    }

    public static void replace(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
        requireNonNull(file, "file is null");
        requireNonNull(text, "text is null");
        requireNonNull(mode, "mode is null");
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = createPrivate(directory, file.getFileName() + ".");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            if (!mode.equals(PRIVATE)) {
                setMode(temporary, mode);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path createPrivate(Path directory, String prefix) throws IOException {
        try {
            return Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(directory, prefix, ".tmp");
        }
    }

    private static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, mode);
        } catch (UnsupportedOperationException e) {
            // a file system without POSIX modes has nothing to set
        }
    }
}
