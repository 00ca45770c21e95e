package io.lpreg.testkit.plugin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static java.util.Objects.requireNonNull;

/**
 * The packaging rules of docs/architecture.md §5.3 and plugins/plugin-zip.xml, checked on a PF4J plugin archive as the
 * gateway finds it in its plugins folder: {@code plugin.properties} at the root naming this plugin and
 * version, the plugin's own jar in {@code lib/} with an extension index that lists the expected extensions
 * (and classes the jar holds), nothing the gateway provides bundled (a second spi or pf4j breaks type
 * identity: the PF4J class-cast pitfall; the LP wire core is not a plugin's business), and no class in two
 * jars (a library bundled twice, such as two BouncyCastles).
 */
final class PluginZipCheck {
    /** What the gateway's class loader provides. */
    static final Set<String> PROVIDED_BY_THE_GATEWAY =
            Set.of("lpreg-spi", "lpreg-engine", "lpreg-protocol", "pf4j", "slf4j-api", "jakarta.inject-api");
    /** {@code lib/artifact-1.2.3.jar}: the artifact id is what precedes the version. */
    private static final Pattern JAR_NAME = Pattern.compile("lib/(.+?)-(\\d[^/]*)\\.jar");

    /** What the plugin's build says the zip holds. */
    record Expected(String pluginId, String artifactId, String version, String requires, List<String> extensions) {
        Expected {
            requireNonNull(pluginId, "pluginId is null");
            requireNonNull(artifactId, "artifactId is null");
            requireNonNull(version, "version is null");
            requireNonNull(requires, "requires is null");
            extensions = List.copyOf(requireNonNull(extensions, "extensions is null"));
        }

        String pluginJar() {
            return "lib/" + artifactId + "-" + version + ".jar";
        }
    }

    private PluginZipCheck() {
    }

    /** Every rule the zip breaks, in words; empty when it follows them all. */
    static List<String> problems(Path zip, Expected expected) throws IOException {
        requireNonNull(zip, "zip is null");
        requireNonNull(expected, "expected is null");
        if (!Files.isRegularFile(zip)) {
            return List.of("no plugin zip at " + zip);
        }
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, byte[]>> jars = new TreeMap<>();
        Properties descriptor = null;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                if (entry.getName().equals("plugin.properties")) {
                    descriptor = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        descriptor.load(in);
                    }
                } else if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        jars.put(entry.getName(), entries(in.readAllBytes()));
                    }
                }
            }
        }
        Map<String, byte[]> pluginJar = jars.get(expected.pluginJar());
        if (pluginJar == null) {
            problems.add("no " + expected.pluginJar() + " (jars: " + jars.keySet() + ")");
            pluginJar = Map.of();
        }
        checkDescriptor(descriptor, pluginJar, expected, problems);
        checkExtensionIndex(pluginJar, expected, problems);
        for (String jar : jars.keySet()) {
            Matcher name = JAR_NAME.matcher(jar);
            if (!name.matches()) {
                problems.add(jar + " is not named artifact-version.jar");
            } else if (PROVIDED_BY_THE_GATEWAY.contains(name.group(1))) {
                problems.add(jar + " is provided by the gateway and must not be bundled");
            }
        }
        classesBundledTwice(jars).forEach((entry, owners) -> problems.add(entry + " is bundled twice: " + owners));
        return problems;
    }

    private static void checkDescriptor(Properties descriptor, Map<String, byte[]> pluginJar, Expected expected,
                                        List<String> problems) {
        if (descriptor == null) {
            problems.add("no plugin.properties at the root");
            return;
        }
        expect(descriptor, "plugin.id", expected.pluginId(), problems);
        expect(descriptor, "plugin.version", expected.version(), problems);
        expect(descriptor, "plugin.requires", expected.requires(), problems);
        String pluginClass = descriptor.getProperty("plugin.class");
        if (pluginClass != null && !pluginJar.containsKey(classFile(pluginClass))) {
            problems.add("plugin.class " + pluginClass + " is not in " + expected.pluginJar());
        }
    }

    private static void checkExtensionIndex(Map<String, byte[]> pluginJar, Expected expected, List<String> problems) {
        byte[] index = pluginJar.get("META-INF/extensions.idx");
        if (index == null) {
            problems.add("no META-INF/extensions.idx in " + expected.pluginJar() + ": PF4J would find no extension");
            return;
        }
        List<String> listed = new String(index, StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        for (String extension : expected.extensions()) {
            if (!listed.contains(extension)) {
                problems.add("META-INF/extensions.idx does not list " + extension + " (it lists " + listed + ")");
            }
        }
        for (String extension : listed) {
            if (!pluginJar.containsKey(classFile(extension))) {
                problems.add("META-INF/extensions.idx lists " + extension + ", which is not in " + expected.pluginJar());
            }
        }
    }

    private static void expect(Properties descriptor, String key, String value, List<String> problems) {
        if (!value.equals(descriptor.getProperty(key))) {
            problems.add("plugin.properties: " + key + " is " + descriptor.getProperty(key) + ", expected " + value);
        }
    }

    private static Map<String, List<String>> classesBundledTwice(Map<String, Map<String, byte[]>> jars) {
        Map<String, String> owner = new HashMap<>();
        Map<String, List<String>> twice = new LinkedHashMap<>();
        jars.forEach((jar, entries) -> {
            for (String entry : entries.keySet()) {
                if (!entry.endsWith(".class") || entry.endsWith("module-info.class") || entry.startsWith("META-INF/")) {
                    continue;
                }
                String first = owner.putIfAbsent(entry, jar);
                if (first != null) {
                    twice.computeIfAbsent(entry, e -> new ArrayList<>(List.of(first))).add(jar);
                }
            }
        });
        return twice;
    }

    /** A jar's entries; only the few small ones the checks read keep their bytes. */
    private static Map<String, byte[]> entries(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), entry.getName().equals("META-INF/extensions.idx") ? in.readAllBytes() : null);
            }
        }
        return entries;
    }

    private static String classFile(String className) {
        return className.replace('.', '/') + ".class";
    }
}
