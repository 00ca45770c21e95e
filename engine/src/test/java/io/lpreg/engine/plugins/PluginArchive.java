package io.lpreg.engine.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * Builds PF4J plugin archives from classes of the test class path, as PF4J's own tests do: a zip with
 * {@code plugin.properties} at the root and the plugin jar in {@code lib/}, or a single jar.
 */
final class PluginArchive {
    private final String id;
    private final Properties properties = new Properties();
    private final List<Class<?>> extensions = new ArrayList<>();
    private final List<Class<?>> classes = new ArrayList<>();
    private final Map<String, byte[]> jarEntries = new LinkedHashMap<>();
    private final Map<String, byte[]> zipEntries = new LinkedHashMap<>();

    private PluginArchive(String id) {
        this.id = requireNonNull(id, "id is null");
        properties.setProperty("plugin.id", id);
        properties.setProperty("plugin.version", "1.0.0");
        properties.setProperty("plugin.provider", "lpreg tests");
        properties.setProperty("plugin.requires", ">=0.1.0");
    }

    static PluginArchive plugin(String id) {
        return new PluginArchive(id);
    }

    PluginArchive property(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    /** Packaged and listed in the jar's {@code META-INF/extensions.idx}. */
    PluginArchive extension(Class<?>... extensionClasses) {
        extensions.addAll(List.of(extensionClasses));
        return this;
    }

    /** Packaged, not listed. */
    PluginArchive classes(Class<?>... packaged) {
        classes.addAll(List.of(packaged));
        return this;
    }

    /** Any file in the plugin jar, such as a class of a package the plugin must not bundle. */
    PluginArchive jarEntry(String name, byte[] content) {
        jarEntries.put(name, content);
        return this;
    }

    /** Any file in the zip, such as {@code lib/lpreg-spi-0.1.0.jar}. */
    PluginArchive zipEntry(String name, byte[] content) {
        zipEntries.put(name, content);
        return this;
    }

    Path zipInto(Path directory) {
        Path zip = directory.resolve(id + "-" + properties.getProperty("plugin.version") + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "plugin.properties", propertiesBytes());
            put(out, "lib/" + id + ".jar", jarBytes(false));
            for (Map.Entry<String, byte[]> entry : zipEntries.entrySet()) {
                put(out, entry.getKey(), entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    Path jarInto(Path directory) {
        Path jar = directory.resolve(id + "-" + properties.getProperty("plugin.version") + ".jar");
        try {
            Files.write(jar, jarBytes(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** An archive holding the named entries, each with one byte: stands for a jar the plugin bundles. */
    static byte[] archiveOf(String... entryNames) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : entryNames) {
                put(out, name, new byte[] {1});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An archive holding one entry: a library jar the plugin bundles, with a file of its own. */
    static byte[] archiveWith(String entryName, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            put(out, entryName, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private byte[] jarBytes(boolean withProperties) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            if (withProperties) {
                put(out, "plugin.properties", propertiesBytes());
            }
            StringBuilder index = new StringBuilder();
            for (Class<?> extension : extensions) {
                index.append(extension.getName()).append('\n');
            }
            put(out, "META-INF/extensions.idx", index.toString().getBytes(StandardCharsets.UTF_8));
            List<Class<?>> packaged = new ArrayList<>(extensions);
            packaged.addAll(classes);
            for (Class<?> type : packaged.stream().distinct().toList()) {
                put(out, type.getName().replace('.', '/') + ".class", classBytes(type));
            }
            for (Map.Entry<String, byte[]> entry : jarEntries.entrySet()) {
                put(out, entry.getKey(), entry.getValue());
            }
        }
        return bytes.toByteArray();
    }

    private byte[] propertiesBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        properties.store(bytes, null);
        return bytes.toByteArray();
    }

    private static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IOException("no class file for " + type.getName());
            }
            return in.readAllBytes();
        }
    }

    private static void put(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }
}
