package io.lpreg.engine.plugins;

import io.lpreg.engine.plugins.fixtures.PlainVerifier;
import io.lpreg.engine.plugins.fixtures.SystemFixtureMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ClassPathOriginsTest {
    @TempDir
    Path directory;

    @Test
    void attributesAClassOfAPluginJarOnTheClassPathToThatPlugin() throws Exception {
        Path jar = PluginArchive.plugin("ecash-plain").property("plugin.version", "3.1.4").extension(PlainVerifier.class)
                .jarInto(directory);

        // no parent delegation for the fixture: the class must come from the jar, as on an application class path
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                return name.equals(PlainVerifier.class.getName()) ? findClass(name)
                        : ClassPathOriginsTest.class.getClassLoader().loadClass(name);
            }
        }) {
            Class<?> type = loader.loadClass(PlainVerifier.class.getName());

            ExtensionOrigin origin = new ClassPathOrigins("0.1.0").of(type);

            assertThat(origin.id()).isEqualTo("ecash-plain");
            assertThat(origin.version()).isEqualTo("3.1.4");
            assertThat(origin.kind()).isEqualTo(ExtensionOrigin.Kind.BUILT_IN);
            assertThat(origin.classLoader()).isSameAs(loader);
        }
    }

    @Test
    void attributesAnyOtherClassToTheEngine() {
        ExtensionOrigin origin = new ClassPathOrigins("0.1.0").of(SystemFixtureMode.class);

        assertThat(origin.id()).isEqualTo("engine");
        assertThat(origin.version()).isEqualTo("0.1.0");
        assertThat(origin.describe()).isEqualTo("built-in");
    }
}
