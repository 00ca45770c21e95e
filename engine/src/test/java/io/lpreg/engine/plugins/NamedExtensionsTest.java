package io.lpreg.engine.plugins;

import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one selection of "the extension of type T named N", without PF4J. */
class NamedExtensionsTest {
    private static final ClassLoader LOADER = NamedExtensionsTest.class.getClassLoader();
    private static final ExtensionOrigin BUILT_IN = new ExtensionOrigin(ExtensionOrigin.Kind.BUILT_IN,
            ExtensionOrigin.ENGINE_ID, "0.1.0", LOADER);
    private static final ExtensionOrigin PLUGIN_A = new ExtensionOrigin(ExtensionOrigin.Kind.PLUGIN, "storage-a",
            "1.2.0", LOADER);
    private static final ExtensionOrigin PLUGIN_B = new ExtensionOrigin(ExtensionOrigin.Kind.PLUGIN, "storage-b",
            "2.0.0", LOADER);

    @Test
    void selectsTheOneExtensionOfThatName() throws Exception {
        ProvidedExtension<GatewayStorage> memory = storage("memory", BUILT_IN);
        ProvidedExtension<GatewayStorage> sqlite = storage("sqlite", PLUGIN_A);

        assertThat(storages(List.of(memory, sqlite), "").select("sqlite")).isSameAs(sqlite);
        assertThat(storages(List.of(memory, sqlite), "").select("memory")).isSameAs(memory);
    }

    @Test
    void aNameNotFoundListsTheNamesFoundWithTheirOrigins() {
        NamedExtensions<GatewayStorage> found = storages(List.of(storage("memory", BUILT_IN),
                storage("sqlite", PLUGIN_A)), "");

        assertThatThrownBy(() -> found.select("postgres"))
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("storage 'postgres' is not available; the storages found are 'memory' (built-in), "
                        + "'sqlite' (plugin 'storage-a' 1.2.0). Put the plugin that provides it in the plugins "
                        + "folder, or configure one of these");
    }

    @Test
    void aNameNotFoundAmongNoneSaysNoneAndWhyOthersAreMissing() {
        NamedExtensions<GatewayStorage> found = storages(List.of(),
                ". Not available because they could not be created: x failed in its constructor");

        assertThatThrownBy(() -> found.select("sqlite"))
                .hasMessage("storage 'sqlite' is not available; the storages found are none. Put the plugin that "
                        + "provides it in the plugins folder, or configure one of these. Not available because they "
                        + "could not be created: x failed in its constructor");
    }

    @Test
    void theWordsOfTheErrorAreTheExtensionPoints() {
        NamedExtensions<EcashVerifier> none = new NamedExtensions<>(ExtensionPoint.VERIFIER, List.of(), "");

        assertThatThrownBy(() -> none.select("bls"))
                .hasMessage("e-cash verifier 'bls' is enabled but not available; the verifiers found are none. Put "
                        + "the plugin that provides it in the plugins folder, or remove it from the enabled verifiers");
    }

    @Test
    void aNameProvidedTwiceIsAnErrorNamingBoth() {
        NamedExtensions<GatewayStorage> found = storages(List.of(storage("sqlite", PLUGIN_A),
                storage("memory", BUILT_IN), storage("sqlite", PLUGIN_B)), "");

        assertThatThrownBy(() -> found.select("sqlite"))
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("storage 'sqlite' is provided twice: " + EmbeddedStorage.class.getName() + " (plugin 'storage-a' "
                        + "1.2.0) and " + EmbeddedStorage.class.getName() + " (plugin 'storage-b' 2.0.0); remove one of them");
    }

    @Test
    void byNameKeepsTheOrderFoundAndRefusesANameProvidedTwice() throws Exception {
        ProvidedExtension<GatewayStorage> memory = storage("memory", BUILT_IN);
        ProvidedExtension<GatewayStorage> sqlite = storage("sqlite", PLUGIN_A);

        assertThat(storages(List.of(memory, sqlite), "").byName()).containsExactly(
                Map.entry("memory", memory), Map.entry("sqlite", sqlite));
        assertThatThrownBy(() -> storages(List.of(sqlite, memory, storage("sqlite", PLUGIN_B)), "").byName())
                .hasMessage("storage 'sqlite' is provided twice: " + EmbeddedStorage.class.getName() + " (plugin 'storage-a' "
                        + "1.2.0) and " + EmbeddedStorage.class.getName() + " (plugin 'storage-b' 2.0.0); remove one of them");
    }

    private static NamedExtensions<GatewayStorage> storages(List<ProvidedExtension<GatewayStorage>> found,
                                                            String unavailable) {
        return new NamedExtensions<>(ExtensionPoint.STORAGE, found, unavailable);
    }

    private static ProvidedExtension<GatewayStorage> storage(String name, ExtensionOrigin origin) {
        return new ProvidedExtension<>(new EmbeddedStorage(name), origin, EmbeddedStorage.class.getName());
    }
}
