package io.lpreg.engine.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static java.util.Objects.requireNonNull;

/**
 * The origin of an extension found on the class path. A plugin jar put on the class path by an embedding
 * application still carries its {@code plugin.properties} (or {@code Plugin-Id} manifest entry), so its
 * extensions keep their plugin's configuration section; anything else is the engine's own.
 */
final class ClassPathOrigins {
    private final String engineVersion;
    private final Map<String, ExtensionOrigin> byLocation = new ConcurrentHashMap<>();

    ClassPathOrigins(String engineVersion) {
        this.engineVersion = requireNonNull(engineVersion, "engineVersion is null");
    }

    ExtensionOrigin of(Class<?> extensionClass) {
        ClassLoader loader = extensionClass.getClassLoader() != null
                ? extensionClass.getClassLoader() : ClassLoader.getSystemClassLoader();
        CodeSource source = extensionClass.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return new ExtensionOrigin(ExtensionOrigin.Kind.BUILT_IN, ExtensionOrigin.ENGINE_ID, engineVersion, loader);
        }
        return byLocation.computeIfAbsent(location.toString(), key -> declaredPlugin(location)
                .map(plugin -> new ExtensionOrigin(ExtensionOrigin.Kind.BUILT_IN, plugin.id(), plugin.version(),
                        loader))
                .orElseGet(() -> new ExtensionOrigin(ExtensionOrigin.Kind.BUILT_IN, ExtensionOrigin.ENGINE_ID,
                        engineVersion, loader)));
    }

    private Optional<DeclaredPlugin> declaredPlugin(URL location) {
        try {
            Path path = Path.of(location.toURI());
            Properties properties = new Properties();
            Optional<Manifest> manifest = Optional.empty();
            if (Files.isDirectory(path)) {
                Path file = path.resolve("plugin.properties");
                if (Files.isRegularFile(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        properties.load(in);
                    }
                }
            } else if (Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    var entry = jar.getEntry("plugin.properties");
                    if (entry != null) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            properties.load(in);
                        }
                    }
                    manifest = Optional.ofNullable(jar.getManifest());
                }
            }
            String id = properties.getProperty("plugin.id", "").strip();
            if (!id.isEmpty()) {
                return Optional.of(new DeclaredPlugin(id, properties.getProperty("plugin.version", engineVersion).strip()));
            }
            return manifest.map(Manifest::getMainAttributes)
                    .filter(attributes -> attributes.getValue("Plugin-Id") != null)
                    .map(attributes -> new DeclaredPlugin(attributes.getValue("Plugin-Id").strip(),
                            Optional.ofNullable(attributes.getValue("Plugin-Version")).orElse(engineVersion)));
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private record DeclaredPlugin(String id, String version) {
    }
}
