package io.lpreg.example.voucher;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What PF4J needs to find the plugin and its extension (spi/README.md, Packaging). */
class PluginPackagingTest {
    private final Path classes = classesDirectory();

    @Test
    void listsTheVerifierInTheExtensionIndex() throws Exception {
        Path index = classes.resolve("META-INF/extensions.idx");

        assertThat(index).isRegularFile();
        assertThat(Files.readAllLines(index)).contains(HmacVoucherVerifier.class.getName());
    }

    @Test
    void describesThePluginForPf4j() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(classes.resolve("plugin.properties"))) {
            properties.load(in);
        }

        assertThat(properties.getProperty("plugin.id")).isEqualTo("hmac-voucher");
        assertThat(properties.getProperty("plugin.version")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(properties.getProperty("plugin.requires")).isEqualTo(">=0.1.0");
    }

    private static Path classesDirectory() {
        try {
            return Path.of(HmacVoucherVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
