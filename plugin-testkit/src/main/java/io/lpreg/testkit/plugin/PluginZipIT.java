package io.lpreg.testkit.plugin;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin archive this build made follows the packaging rules ({@link PluginZipCheck}). Every plugin's pom
 * runs it in {@code integration-test}, after {@code package}, with the zip's path, the plugin id, artifact,
 * version, required engine version and expected extensions as system properties.
 */
class PluginZipIT {
    @Test
    void theZipThisBuildMadeFollowsThePackagingRules() throws Exception {
        Path zip = Path.of(required("lpreg.plugin.zip"));
        List<String> extensions = Arrays.stream(required("lpreg.plugin.extensions").split(","))
                .map(String::strip).filter(name -> !name.isEmpty()).toList();
        PluginZipCheck.Expected expected = new PluginZipCheck.Expected(required("lpreg.plugin.id"),
                required("lpreg.plugin.artifact"), required("lpreg.plugin.version"), required("lpreg.plugin.requires"),
                extensions);

        assertThat(extensions).as("lpreg.plugin.extensions").isNotEmpty();
        assertThat(PluginZipCheck.problems(zip, expected)).as(zip.toString()).isEmpty();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by the plugin's pom)").isNotBlank();
        return value;
    }
}
