package io.lpreg.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules of README.md ("Dependency rule") that a pom cannot state: the LP wire core does no file
 * I/O, no plugin's main code uses the wire core, and the ticket types and the RFC 5952 address text are
 * written once. Read from the sources of the checkout this build runs in.
 */
class ModuleBoundariesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FILE_IO = Pattern.compile("\\bjava\\.nio\\.file\\b|\\bjava\\.io\\.File\\w*|\\bRandomAccessFile\\b");

    @Test
    void theProtocolCoreDoesNoFileIo() throws IOException {
        List<Path> sources = javaSources(ROOT.resolve("protocol/src/main/java"));

        assertThat(sources).isNotEmpty();
        assertThat(sources).filteredOn(source -> FILE_IO.matcher(read(source)).find()).isEmpty();
    }

    @Test
    void noPluginUsesTheProtocolCore() throws IOException {
        List<Path> sources;
        try (Stream<Path> plugins = Files.list(ROOT.resolve("plugins"))) {
            sources = plugins.map(plugin -> plugin.resolve("src/main/java")).filter(Files::isDirectory)
                    .flatMap(main -> javaSources(main).stream()).toList();
        }

        assertThat(sources).hasSizeGreaterThan(10);
        assertThat(sources).filteredOn(source -> read(source).contains("io.lpreg.protocol")).isEmpty();
    }

    @Test
    void ticketTypesAndAddressTextAreDefinedOnce() throws IOException {
        List<Path> sources;
        try (Stream<Path> modules = Files.walk(ROOT, 5)) {
            sources = modules.filter(path -> path.endsWith(Path.of("src/main/java")))
                    .filter(path -> !path.toString().contains("/target/"))
                    .flatMap(main -> javaSources(main).stream()).toList();
        }

        assertThat(sources).filteredOn(source -> read(source).contains("enum TicketType"))
                .containsExactly(ROOT.resolve("spi/src/main/java/io/lpreg/spi/TicketType.java"));
        // the search for the longest run of zero groups is the heart of every RFC 5952 formatter
        assertThat(sources).filteredOn(source -> read(source).contains("groups[i] == 0"))
                .containsExactly(ROOT.resolve("spi/src/main/java/io/lpreg/spi/IpPair.java"));
    }

    private static List<Path> javaSources(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + directory, e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + source, e);
        }
    }
}
