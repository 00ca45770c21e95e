package io.lpreg.crypto.libsodium;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The libsodium shared library that lazysodium-java ships inside its jar for each platform, loaded once
 * per process from a private temporary copy: nothing is needed from the system, and no JVM flag. The copy
 * is gone once loaded (POSIX keeps a mapped library usable after its file is unlinked); where the file
 * cannot be deleted while loaded (Windows), it is deleted at exit.
 */
final class BundledLibsodium {
    private BundledLibsodium() {
    }

    /** Symbols of the bundled library, for the life of the process. */
    static SymbolLookup load() {
        return load(resourceFor(System.getProperty("os.name"), System.getProperty("os.arch")),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Loads {@code resource} from a copy in a new directory under {@code temporaryRoot}. */
    static SymbolLookup load(String resource, Path temporaryRoot) {
        Path copy = extract(resource, temporaryRoot);
        try {
            return SymbolLookup.libraryLookup(copy, Arena.global());
        } finally {
            removeCopy(copy);
        }
    }

    /** Where lazysodium-java 5.2 keeps the library for an OS and architecture. */
    static String resourceFor(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x86_64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux") && x86_64) {
            return "linux64/libsodium.so";
        }
        if (os.contains("linux") && arm64) {
            return "arm64/libsodium.so";
        }
        if (os.contains("mac") && x86_64) {
            return "mac/libsodium.dylib";
        }
        if (os.contains("mac") && arm64) {
            return "mac_arm/libsodium.dylib";
        }
        if (os.contains("windows") && x86_64) {
            return "windows64/libsodium.dll";
        }
        throw new UnsupportedOperationException("no bundled libsodium for " + osName + " on " + osArch);
    }

    private static Path extract(String resource, Path temporaryRoot) {
        try (InputStream in = BundledLibsodium.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path (lazysodium-java missing?)");
            }
            Path directory = Files.createTempDirectory(temporaryRoot, "lpreg-libsodium-");
            Path copy = directory.resolve(Path.of(resource).getFileName().toString());
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource, e);
        }
    }

    private static void removeCopy(Path copy) {
        Path directory = copy.getParent();
        try {
            Files.delete(copy);
            Files.delete(directory);
        } catch (IOException stillMapped) {
            // deleteOnExit deletes in the reverse order of registration: the file first, then its directory
            directory.toFile().deleteOnExit();
            copy.toFile().deleteOnExit();
        }
    }
}
