package io.lpreg.testkit.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PluginZipCheckTest {
    private static final PluginZipCheck.Expected EXPECTED = new PluginZipCheck.Expected("ecash-demo",
            "lpreg-plugin-ecash-demo", "1.2.0-SNAPSHOT", ">=1.0.0", List.of("io.lpreg.plugin.demo.DemoVerifier"));
    private static final String DESCRIPTOR = """
            plugin.id=ecash-demo
            plugin.version=1.2.0-SNAPSHOT
            plugin.requires=>=1.0.0
            """;

    @TempDir
    Path directory;

    @Test
    void aZipAsThePluginBuildMakesItHasNoProblem() throws IOException {
        Path zip = zip(DESCRIPTOR, Map.of("lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar", pluginJar(),
                "lib/jblst-0.3.17.jar", jar("supranational/blst/P1.class")));

        assertThat(PluginZipCheck.problems(zip, EXPECTED)).isEmpty();
    }

    @Test
    void bundlingTheWireCoreOrTheSpiIsAProblem() throws IOException {
        Path zip = zip(DESCRIPTOR, Map.of("lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar", pluginJar(),
                "lib/lpreg-protocol-1.2.0-SNAPSHOT.jar", jar("io/lpreg/protocol/LpError.class"),
                "lib/lpreg-spi-1.2.0-SNAPSHOT.jar", jar("io/lpreg/spi/TicketType.class"),
                "lib/pf4j-3.15.0.jar", jar("org/pf4j/Extension.class")));

        assertThat(PluginZipCheck.problems(zip, EXPECTED)).containsExactlyInAnyOrder(
                "lib/lpreg-protocol-1.2.0-SNAPSHOT.jar is provided by the gateway and must not be bundled",
                "lib/lpreg-spi-1.2.0-SNAPSHOT.jar is provided by the gateway and must not be bundled",
                "lib/pf4j-3.15.0.jar is provided by the gateway and must not be bundled");
    }

    @Test
    void aLibraryBundledTwiceIsAProblem() throws IOException {
        Path zip = zip(DESCRIPTOR, Map.of("lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar", pluginJar(),
                "lib/bcprov-jdk18on-1.87.jar", jar("org/bouncycastle/math/ec/rfc8032/Ed25519.class"),
                "lib/bcprov-jdk15on-1.70.jar", jar("org/bouncycastle/math/ec/rfc8032/Ed25519.class")));

        assertThat(PluginZipCheck.problems(zip, EXPECTED)).containsExactly(
                "org/bouncycastle/math/ec/rfc8032/Ed25519.class is bundled twice: "
                        + "[lib/bcprov-jdk15on-1.70.jar, lib/bcprov-jdk18on-1.87.jar]");
    }

    @Test
    void aDescriptorOfAnotherPluginOrVersionIsAProblem() throws IOException {
        Path zip = zip(DESCRIPTOR.replace("1.2.0-SNAPSHOT", "0.1.0-SNAPSHOT").replace("ecash-demo", "other")
                        .replace(">=1.0.0", ">=0.1.0"),
                Map.of("lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar", pluginJar()));

        assertThat(PluginZipCheck.problems(zip, EXPECTED)).containsExactly(
                "plugin.properties: plugin.id is other, expected ecash-demo",
                "plugin.properties: plugin.version is 0.1.0-SNAPSHOT, expected 1.2.0-SNAPSHOT",
                "plugin.properties: plugin.requires is >=0.1.0, expected >=1.0.0");
    }

    @Test
    void aPluginClassOutsideThePluginJarIsAProblem() throws IOException {
        Path zip = zip(DESCRIPTOR + "plugin.class=io.lpreg.plugin.demo.DemoPlugin\n",
                Map.of("lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar", pluginJar()));

        assertThat(PluginZipCheck.problems(zip, EXPECTED)).containsExactly(
                "plugin.class io.lpreg.plugin.demo.DemoPlugin is not in lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar");
    }

    @Test
    void aMissingOrIncompleteExtensionIndexIsAProblem() throws IOException {
        Path withoutIndex = zip(DESCRIPTOR, Map.of("lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar",
                jar("io/lpreg/plugin/demo/DemoVerifier.class")));
        Path listingAnotherClass = zip(DESCRIPTOR, Map.of("lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar",
                jar(Map.of("io/lpreg/plugin/demo/DemoVerifier.class", new byte[0],
                        "META-INF/extensions.idx", "io.lpreg.plugin.demo.Gone\n".getBytes(StandardCharsets.UTF_8)))));

        assertThat(PluginZipCheck.problems(withoutIndex, EXPECTED)).containsExactly(
                "no META-INF/extensions.idx in lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar: PF4J would find no extension");
        assertThat(PluginZipCheck.problems(listingAnotherClass, EXPECTED)).containsExactly(
                "META-INF/extensions.idx does not list io.lpreg.plugin.demo.DemoVerifier (it lists [io.lpreg.plugin.demo.Gone])",
                "META-INF/extensions.idx lists io.lpreg.plugin.demo.Gone, which is not in lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar");
    }

    @Test
    void aZipWithoutDescriptorOrPluginJarOrNoZipAtAllIsAProblem() throws IOException {
        Path empty = zip(null, Map.of());

        assertThat(PluginZipCheck.problems(empty, EXPECTED)).containsExactly(
                "no lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar (jars: [])",
                "no plugin.properties at the root",
                "no META-INF/extensions.idx in lib/lpreg-plugin-ecash-demo-1.2.0-SNAPSHOT.jar: PF4J would find no extension");
        assertThat(PluginZipCheck.problems(directory.resolve("absent.zip"), EXPECTED))
                .containsExactly("no plugin zip at " + directory.resolve("absent.zip"));
    }

    private static byte[] pluginJar() throws IOException {
        return jar(Map.of("io/lpreg/plugin/demo/DemoVerifier.class", new byte[0],
                "META-INF/extensions.idx", "# written by pf4j\nio.lpreg.plugin.demo.DemoVerifier\n".getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] jar(String entry) throws IOException {
        return jar(Map.of(entry, new byte[0]));
    }

    private static byte[] jar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes, entries);
        return bytes.toByteArray();
    }

    private Path zip(String descriptor, Map<String, byte[]> jars) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (descriptor != null) {
            entries.put("plugin.properties", descriptor.getBytes(StandardCharsets.ISO_8859_1));
        }
        entries.putAll(jars);
        Path zip = Files.createTempFile(directory, "plugin", ".zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            write(out, entries);
        }
        return zip;
    }

    private static void write(OutputStream out, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }
}
