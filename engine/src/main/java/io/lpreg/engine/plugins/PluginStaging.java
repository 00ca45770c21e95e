package io.lpreg.engine.plugins;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of the plugins folder under the gateway's data directory. PF4J unpacks zip plugins next
 * to the zip; doing that in the operator's folder would write into a folder that may be read-only or
 * shared by several gateways (two starting at once corrupt each other's unpacking).
 */
final class PluginStaging {
    static final String DIRECTORY = "plugins-staged";

    private PluginStaging() {
    }

    static Path stage(Path pluginsDirectory, Path dataDirectory) throws PluginStartupException {
        Path staged = dataDirectory.resolve(DIRECTORY);
        try {
            deleteRecursively(staged);
            Files.createDirectories(staged);
            List<Path> entries;
            try (Stream<Path> files = Files.list(pluginsDirectory)) {
                entries = files.filter(path -> !path.getFileName().toString().startsWith(".")).sorted().toList();
            }
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry)) {
                    // PF4J's own unpacking of a zip beside it (an older gateway ran here): the zip wins.
                    if (!Files.exists(pluginsDirectory.resolve(name + ".zip"))) {
                        copyRecursively(entry, staged.resolve(name));
                    }
                } else if (name.endsWith(".zip") || name.endsWith(".jar")) {
                    Files.copy(entry, staged.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return staged;
        } catch (IOException e) {
            throw new PluginStartupException("cannot copy the plugins folder " + pluginsDirectory + " to " + staged
                    + ": " + e.getMessage(), e);
        }
    }

    private static void copyRecursively(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
