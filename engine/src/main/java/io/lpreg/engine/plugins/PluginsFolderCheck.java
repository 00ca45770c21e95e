package io.lpreg.engine.plugins;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Refuses a plugins folder that PF4J would load wrongly or only log about: two plugins of one id, or a
 * plugin that packages a library the gateway provides. PF4J's class loader looks in the plugin
 * first, so a bundled copy of the SPI gives the plugin its own {@code EcashVerifier} class and every
 * extension fails with a ClassCastException; a bundled jakarta.inject hides the {@code @Inject} Guice
 * looks for, a bundled slf4j-api silences the plugin's logs (docs/architecture.md §5.3). Checked before PF4J unpacks or
 * loads anything.
 */
final class PluginsFolderCheck {
    private static final List<String> JAR_PREFIXES = List.of("lpreg-spi", "pf4j", "jakarta.inject-api", "slf4j-api");
    private static final List<String> PACKAGE_PREFIXES = List.of("io/lpreg/spi/", "org/pf4j/", "jakarta/inject/",
            "org/slf4j/");

    private PluginsFolderCheck() {
    }

    /** Checks every zip, jar and unpacked plugin directory in the plugins folder. */
    static void check(Path pluginsDirectory) throws PluginStartupException {
        List<Path> candidates;
        try (Stream<Path> files = Files.list(pluginsDirectory)) {
            candidates = files.filter(path -> !path.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new PluginStartupException("cannot list the plugins folder " + pluginsDirectory + ": " + e.getMessage(), e);
        }
        refuseDuplicateIds(pluginsDirectory, candidates);
        for (Path candidate : candidates) {
            String name = candidate.getFileName().toString();
            try {
                Optional<String> offence;
                if (Files.isDirectory(candidate)) {
                    offence = inDirectory(candidate);
                } else if (name.endsWith(".zip") || name.endsWith(".jar")) {
                    try (InputStream in = Files.newInputStream(candidate)) {
                        offence = inArchive(in, "");
                    }
                } else {
                    continue;
                }
                if (offence.isPresent()) {
                    throw new PluginStartupException(refusal(pluginId(candidate).orElse(name), name, offence.get()));
                }
            } catch (IOException e) {
                throw new PluginStartupException("cannot read the plugin " + candidate + ": " + e.getMessage(), e);
            }
        }
    }

    private static void refuseDuplicateIds(Path pluginsDirectory, List<Path> candidates) throws PluginStartupException {
        Map<String, List<String>> filesById = new TreeMap<>();
        for (Path candidate : candidates) {
            String name = candidate.getFileName().toString();
            boolean unpackedZip = Files.isDirectory(candidate) && candidates.contains(candidate.resolveSibling(name + ".zip"));
            if (!unpackedZip) {
                pluginId(candidate).ifPresent(id -> filesById.computeIfAbsent(id, key -> new ArrayList<>()).add(name));
            }
        }
        for (Map.Entry<String, List<String>> id : filesById.entrySet()) {
            if (id.getValue().size() > 1) {
                throw new PluginStartupException("the plugins folder " + pluginsDirectory + " holds " + id.getValue().size()
                        + " plugins with the id '" + id.getKey() + "': " + String.join(", ", id.getValue())
                        + "; keep only one of them");
            }
        }
    }

    private static String refusal(String pluginId, String file, String offence) {
        return "plugin '" + pluginId + "' (" + file + ") bundles " + offence + ", which the gateway provides: "
                + "lpreg-spi, pf4j, jakarta.inject and slf4j-api must never be packaged with a plugin (a second "
                + "copy makes its extensions fail with a ClassCastException or lose their injection). Declare "
                + "them with <scope>provided</scope>, rebuild the plugin and replace the file.";
    }

    private static Optional<String> inArchive(InputStream in, String within) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            return inArchive(zip, within);
        }
    }

    private static Optional<String> inArchive(ZipInputStream zip, String within) throws IOException {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName();
            Optional<String> offence = Optional.empty();
            if (name.endsWith(".jar")) {
                offence = forbiddenJar(fileName(name)).map(jar -> name + within);
                if (offence.isEmpty()) {
                    offence = inArchive(new NonClosingInputStream(zip), " in " + name + within);
                }
            } else if (isForbiddenClass(name)) {
                offence = Optional.of(name + within);
            }
            if (offence.isPresent()) {
                return offence;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> inDirectory(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String relative = directory.relativize(file).toString().replace('\\', '/');
            if (relative.endsWith(".jar")) {
                if (forbiddenJar(fileName(relative)).isPresent()) {
                    return Optional.of(relative);
                }
                try (InputStream in = Files.newInputStream(file)) {
                    Optional<String> offence = inArchive(in, " in " + relative);
                    if (offence.isPresent()) {
                        return offence;
                    }
                }
            } else if (isForbiddenClass(relative)) {
                return Optional.of(relative);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> forbiddenJar(String fileName) {
        return JAR_PREFIXES.stream().filter(fileName::startsWith).findFirst();
    }

    private static boolean isForbiddenClass(String entryName) {
        if (!entryName.endsWith(".class")) {
            return false;
        }
        String className = entryName.startsWith("classes/") ? entryName.substring("classes/".length()) : entryName;
        return PACKAGE_PREFIXES.stream().anyMatch(className::startsWith);
    }

    private static String fileName(String entryName) {
        return entryName.substring(entryName.lastIndexOf('/') + 1);
    }

    private static Optional<String> pluginId(Path candidate) {
        Properties properties = new Properties();
        try {
            if (Files.isDirectory(candidate)) {
                Path file = candidate.resolve("plugin.properties");
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                }
            } else {
                try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(candidate))) {
                    ZipEntry entry = zip.getNextEntry();
                    while (entry != null && !entry.getName().equals("plugin.properties")) {
                        entry = zip.getNextEntry();
                    }
                    if (entry == null) {
                        return Optional.empty();
                    }
                    properties.load(zip);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(properties.getProperty("plugin.id")).map(String::strip).filter(id -> !id.isEmpty());
    }

    /** Lets a nested archive be read and closed without closing the enclosing one. */
    private static final class NonClosingInputStream extends FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
