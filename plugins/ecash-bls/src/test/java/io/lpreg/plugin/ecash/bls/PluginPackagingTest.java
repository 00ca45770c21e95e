package io.lpreg.plugin.ecash.bls;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What PF4J needs to find the plugin and its extension (DESIGN.md §5). */
class PluginPackagingTest {
    private final Path classes = classesDirectory();

    @Test
    void listsTheVerifierInTheExtensionIndex() throws Exception {
        Path index = classes.resolve("META-INF/extensions.idx");

        assertThat(index).isRegularFile();
        assertThat(Files.readAllLines(index)).contains(BlsTicketVerifier.class.getName());
    }

    @Test
    void describesThePluginForPf4j() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(classes.resolve("plugin.properties"))) {
            properties.load(in);
        }

        assertThat(properties.getProperty("plugin.id")).isEqualTo("ecash-bls");
        assertThat(properties.getProperty("plugin.version")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(properties.getProperty("plugin.requires")).isEqualTo(">=0.1.0");
    }

    private static Path classesDirectory() {
        try {
            return Path.of(BlsTicketVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
