package io.lpreg.plugin.wireguard.linux;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What PF4J needs to find the plugin, its extension and its lifecycle class (DESIGN.md §5). */
class PluginPackagingTest {
    private final Path classes = classesDirectory();

    @Test
    void listsTheControllerInTheExtensionIndex() throws Exception {
        Path index = classes.resolve("META-INF/extensions.idx");

        assertThat(index).isRegularFile();
        assertThat(Files.readAllLines(index)).contains(LinuxWireGuardController.class.getName());
    }

    @Test
    void describesThePluginAndItsStopHookForPf4j() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(classes.resolve("plugin.properties"))) {
            properties.load(in);
        }

        assertThat(properties.getProperty("plugin.id")).isEqualTo("wireguard-linux");
        assertThat(properties.getProperty("plugin.version")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(properties.getProperty("plugin.requires")).isEqualTo(">=0.1.0");
        assertThat(properties.getProperty("plugin.class")).isEqualTo(WireGuardLinuxPlugin.class.getName());
    }

    @Test
    void isNamedAsTheGatewayConfigurationSelectsIt() {
        assertThat(LinuxWireGuardController.NAME).isEqualTo("wireguard-linux");
    }

    private static Path classesDirectory() {
        try {
            return Path.of(LinuxWireGuardController.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
