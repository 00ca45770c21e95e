package io.lpreg.testkit.plugin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin archive this build made, as the gateway will find it in its plugins folder (DESIGN.md §5):
 * {@code plugin.properties} at the root describing this plugin and version, the plugin's jar with its
 * extension index in {@code lib/}, and none of what the gateway provides (spi, pf4j, slf4j, jakarta.inject,
 * the LP wire core) nor any class bundled twice (PF4J class-cast pitfall). Each plugin's pom runs it in
 * {@code integration-test}, after {@code package}, with the zip's path, plugin id, artifact, version and
 * expected extensions as system properties.
 */
class PluginZipIT {
    /** What the gateway's class loader provides: bundling any of these breaks type identity across loaders. */
    private static final List<String> PROVIDED_BY_THE_GATEWAY =
            List.of("lpreg-spi", "lpreg-engine", "lpreg-protocol", "pf4j", "slf4j-api", "jakarta.inject-api");
    /** {@code artifact-1.2.3.jar}, {@code artifact-1.2.3-SNAPSHOT.jar}: the artifact id is what precedes the version. */
    private static final Pattern JAR_NAME = Pattern.compile("lib/(.+?)-(\\d[^/]*)\\.jar");

    private static ZipFile zip;
    private static String pluginId;
    private static String artifactId;
    private static String version;
    private static List<String> extensions;

    @BeforeAll
    static void openTheZip() throws IOException {
        Path path = Path.of(required("lpreg.plugin.zip"));
        pluginId = required("lpreg.plugin.id");
        artifactId = required("lpreg.plugin.artifact");
        version = required("lpreg.plugin.version");
        extensions = Arrays.stream(required("lpreg.plugin.extensions").split(","))
                .map(String::strip).filter(name -> !name.isEmpty()).toList();
        assertThat(path).as("the plugin zip this build made").isRegularFile();
        zip = new ZipFile(path.toFile());
    }

    @AfterAll
    static void closeTheZip() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }

    @Test
    void describesThisPluginAndVersionForPf4j() throws IOException {
        ZipEntry entry = zip.getEntry("plugin.properties");
        assertThat(entry).as("plugin.properties at the root of the zip").isNotNull();
        Properties properties = new Properties();
        try (InputStream in = zip.getInputStream(entry)) {
            properties.load(in);
        }

        assertThat(properties.getProperty("plugin.id")).isEqualTo(pluginId);
        assertThat(properties.getProperty("plugin.version")).isEqualTo(version);
        assertThat(properties.getProperty("plugin.requires")).isEqualTo(">=0.1.0");
        String pluginClass = properties.getProperty("plugin.class");
        if (pluginClass != null) {
            assertThat(pluginJarEntries()).as("plugin.class in the plugin's jar").contains(classFile(pluginClass));
        }
    }

    @Test
    void bundlesThePluginJarWithItsExtensionIndex() throws IOException {
        Map<String, byte[]> jar = pluginJar();
        byte[] index = jar.get("META-INF/extensions.idx");
        assertThat(index).as("META-INF/extensions.idx in lib/" + artifactId + "-" + version + ".jar").isNotNull();
        List<String> listed = new String(index, StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(listed).containsAll(extensions);
        for (String extension : listed) {
            assertThat(jar).as("the extension %s in the plugin's jar", extension).containsKey(classFile(extension));
        }
    }

    @Test
    void bundlesNothingTheGatewayProvides() {
        Set<String> bundled = new TreeSet<>();
        for (String jar : jars()) {
            Matcher name = JAR_NAME.matcher(jar);
            assertThat(name.matches()).as("%s is named artifact-version.jar", jar).isTrue();
            bundled.add(name.group(1));
        }

        assertThat(bundled).doesNotContainAnyElementsOf(PROVIDED_BY_THE_GATEWAY);
    }

    @Test
    void bundlesEveryClassOnce() throws IOException {
        Map<String, String> owner = new HashMap<>();
        Map<String, List<String>> twice = new LinkedHashMap<>();
        for (String jar : jars()) {
            for (String entry : entries(zip.getInputStream(zip.getEntry(jar))).keySet()) {
                if (!entry.endsWith(".class") || entry.endsWith("module-info.class") || entry.startsWith("META-INF/")) {
                    continue;
                }
                String first = owner.putIfAbsent(entry, jar);
                if (first != null) {
                    twice.computeIfAbsent(entry, e -> new ArrayList<>(List.of(first))).add(jar);
                }
            }
        }

        assertThat(twice).as("classes found in more than one jar of lib/").isEmpty();
    }

    private static List<String> jars() {
        return zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith("lib/") && name.endsWith(".jar"))
                .sorted().toList();
    }

    private static Set<String> pluginJarEntries() throws IOException {
        return pluginJar().keySet();
    }

    private static Map<String, byte[]> pluginJar() throws IOException {
        String name = "lib/" + artifactId + "-" + version + ".jar";
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as(name + " in the zip").isNotNull();
        return entries(zip.getInputStream(entry));
    }

    private static Map<String, byte[]> entries(InputStream jar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar.readAllBytes()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String classFile(String className) {
        return className.replace('.', '/') + ".class";
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by the plugin's pom)").isNotBlank();
        return value;
    }
}
