package io.lpreg.engine.plugins;

import io.lpreg.engine.plugins.fixtures.PlainVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.util.FileUtils;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What PF4J would only log about: two plugins of one id, and the class-cast pitfall of a plugin bringing its
 * own copy of what the gateway provides.
 */
class PluginsFolderCheckTest {
    private static final String ADVICE = ", which the gateway provides: lpreg-spi, pf4j, jakarta.inject and "
            + "slf4j-api must never be packaged with a plugin (a second copy makes its extensions fail with a "
            + "ClassCastException or lose their injection). Declare them with <scope>provided</scope>, rebuild "
            + "the plugin and replace the file.";

    @TempDir
    Path plugins;
    @TempDir
    Path data;

    @Test
    void refusesAZipThatBundlesTheSpiJar() {
        PluginArchive.plugin("ecash-evil").extension(PlainVerifier.class)
                .zipEntry("lib/lpreg-spi-0.1.0-SNAPSHOT.jar", PluginArchive.archiveOf("io/lpreg/spi/EcashVerifier.class"))
                .zipInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugin 'ecash-evil' (ecash-evil-1.0.0.zip) bundles lib/lpreg-spi-0.1.0-SNAPSHOT.jar" + ADVICE);
    }

    @Test
    void refusesAZipThatBundlesThePf4jJar() {
        PluginArchive.plugin("ecash-evil").extension(PlainVerifier.class)
                .zipEntry("lib/pf4j-3.15.0.jar", PluginArchive.archiveOf("org/pf4j/Extension.class"))
                .zipInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugin 'ecash-evil' (ecash-evil-1.0.0.zip) bundles lib/pf4j-3.15.0.jar" + ADVICE);
    }

    @Test
    void refusesSpiClassesShadedIntoThePluginJar() {
        PluginArchive.plugin("ecash-shaded").extension(PlainVerifier.class)
                .jarEntry("io/lpreg/spi/EcashVerifier.class", new byte[] {1})
                .zipInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugin 'ecash-shaded' (ecash-shaded-1.0.0.zip) bundles io/lpreg/spi/EcashVerifier.class "
                        + "in lib/ecash-shaded.jar" + ADVICE);
    }

    @Test
    void refusesAJarPluginWithPf4jClasses() {
        PluginArchive.plugin("ecash-fat").extension(PlainVerifier.class)
                .jarEntry("org/pf4j/ExtensionPoint.class", new byte[] {1})
                .jarInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugin 'ecash-fat' (ecash-fat-1.0.0.jar) bundles org/pf4j/ExtensionPoint.class" + ADVICE);
    }

    @Test
    void refusesAnUnpackedPluginThatBundlesJakartaInject() throws Exception {
        Path zip = PluginArchive.plugin("ecash-unpacked").extension(PlainVerifier.class)
                .zipEntry("lib/jakarta.inject-api-2.0.1.jar", PluginArchive.archiveOf("jakarta/inject/Inject.class"))
                .zipInto(plugins);
        FileUtils.expandIfZip(zip);
        Files.delete(zip);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugin 'ecash-unpacked' (ecash-unpacked-1.0.0) bundles lib/jakarta.inject-api-2.0.1.jar"
                        + ADVICE);
    }

    @Test
    void refusesTwoPluginsOfOneId() {
        PluginArchive.plugin("ecash-plain").extension(PlainVerifier.class).zipInto(plugins);
        PluginArchive.plugin("ecash-plain").property("plugin.version", "1.0.1").extension(PlainVerifier.class)
                .jarInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("the plugins folder " + plugins + " holds 2 plugins with the id 'ecash-plain': "
                        + "ecash-plain-1.0.0.zip, ecash-plain-1.0.1.jar; keep only one of them");
    }

    @Test
    void acceptsAZipBesideTheDirectoryItWasUnpackedTo() throws Exception {
        FileUtils.expandIfZip(PluginArchive.plugin("ecash-plain").extension(PlainVerifier.class).zipInto(plugins));

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).start()) {
            assertThat(host.plugins()).contains(new LoadedPlugin("ecash-plain", "1.0.0", "STARTED"));
        }
    }

    @Test
    void acceptsAPluginWithItsOwnLibraries() throws Exception {
        PluginArchive.plugin("ecash-plain").extension(PlainVerifier.class)
                .zipEntry("lib/commons-codec-1.17.0.jar", PluginArchive.archiveOf("org/apache/commons/codec/Encoder.class"))
                .zipInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).start()) {
            assertThat(host.plugins()).contains(new LoadedPlugin("ecash-plain", "1.0.0", "STARTED"));
        }
    }
}
