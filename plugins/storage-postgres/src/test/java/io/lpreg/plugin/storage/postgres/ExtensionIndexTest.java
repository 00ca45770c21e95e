package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.PluginConfig;
import jakarta.inject.Inject;
import org.pf4j.Extension;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** PF4J finds extensions only through the index its annotation processor writes (DESIGN.md §5). */
class ExtensionIndexTest {
    private static Path classes() throws Exception {
        return Path.of(PostgresStorage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theBuiltClassesIndexTheStorageExtensionAndNothingElse() throws Exception {
        Path index = classes().resolve("META-INF/extensions.idx");

        assertThat(index).exists();
        // the index is all PF4J reads: a class missing from it is never found, a stray one is loaded for nothing
        assertThat(Files.readAllLines(index)).filteredOn(line -> !line.isBlank() && !line.startsWith("#"))
                .containsExactly(PostgresStorage.class.getName());
        assertThat(PostgresStorage.class.getAnnotation(Extension.class)).as("what the index is written from").isNotNull();
    }

    @Test
    void theExtensionIsBuiltByInjectionFromItsConfigAndAClock() throws Exception {
        assertThat(PostgresStorage.class.getConstructor(PluginConfig.class, Clock.class).isAnnotationPresent(Inject.class)).isTrue();
        assertThat(PostgresStorage.class.getConstructors()).hasSize(1);
    }

    @Test
    void pluginPropertiesNameThePlugin() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(classes().resolve("plugin.properties"))) {
            properties.load(in);
        }

        assertThat(properties.getProperty("plugin.id")).isEqualTo("storage-postgres");
        assertThat(properties.getProperty("plugin.version")).doesNotContain("${");
    }
}
