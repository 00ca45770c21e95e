package io.lpreg.engine.plugins;

import io.lpreg.engine.plugins.fixtures.BrokenVerifier;
import io.lpreg.engine.plugins.fixtures.ConfiguredVerifier;
import io.lpreg.engine.plugins.fixtures.FailingPlugin;
import io.lpreg.engine.plugins.fixtures.FixtureMode;
import io.lpreg.engine.plugins.fixtures.FixtureStorage;
import io.lpreg.engine.plugins.fixtures.FixtureTransaction;
import io.lpreg.engine.plugins.fixtures.FixtureWireGuard;
import io.lpreg.engine.plugins.fixtures.PlainVerifier;
import io.lpreg.engine.plugins.fixtures.SystemFixtureMode;
import io.lpreg.engine.plugins.fixtures.UninjectableVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginHostStartupErrorsTest {
    @TempDir
    Path plugins;
    @TempDir
    Path data;

    @Test
    void namesTheStoragesFoundWhenTheConfiguredOneIsMissing() throws Exception {
        PluginArchive.plugin("storage-fixture").extension(FixtureStorage.class).classes(FixtureTransaction.class)
                .zipInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory")).start()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("sqlite", Optional.empty(), List.of())))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessage("storage 'sqlite' is not available; the storages found are 'fixture' (plugin "
                            + "'storage-fixture' 1.0.0), 'memory' (embedded). Put the plugin that provides it in the "
                            + "plugins folder, or configure one of these");
        }
    }

    @Test
    void refusesTwoStoragesOfTheConfiguredName() throws Exception {
        PluginArchive.plugin("storage-fixture").extension(FixtureStorage.class).classes(FixtureTransaction.class)
                .zipInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("fixture")).start()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("fixture", Optional.empty(), List.of())))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessage("storage 'fixture' is provided twice: " + FixtureStorage.class.getName()
                            + " (plugin 'storage-fixture' 1.0.0) and " + EmbeddedStorage.class.getName()
                            + " (embedded); remove one of them");
        }
    }

    @Test
    void namesTheVerifiersFoundWhenAnEnabledOneIsMissing() throws Exception {
        PluginArchive.plugin("ecash-plain").extension(PlainVerifier.class).zipInto(plugins);

        try (PluginHost host = startWithMemoryStorage()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of("mock"))))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessage("e-cash verifier 'mock' is enabled but not available; the verifiers found are 'plain' "
                            + "(plugin 'ecash-plain' 1.0.0). Put the plugin that provides it in the plugins folder, "
                            + "or remove it from the enabled verifiers");
        }
    }

    @Test
    void refusesTwoEnabledVerifiersOfOneScheme() throws Exception {
        PluginArchive.plugin("ecash-a").extension(ConfiguredVerifier.class).zipInto(plugins);
        PluginArchive.plugin("ecash-b").extension(ConfiguredVerifier.class).zipInto(plugins);
        HostSettings settings = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory"))
                .section("ecash-a", Map.of("name", "a", "schemes", "nym-zknym"))
                .section("ecash-b", Map.of("name", "b", "schemes", "bls-ticket-v1,nym-zknym"));

        try (PluginHost host = settings.start()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of("a", "b"))))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessage("e-cash verifiers 'a' (plugin 'ecash-a' 1.0.0) and 'b' (plugin 'ecash-b' 1.0.0) both "
                            + "handle the credential scheme 'nym-zknym'; enable only one of them");
            assertThat(host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of("b")))
                    .verifiersByScheme()).containsOnlyKeys("bls-ticket-v1", "nym-zknym");
        }
    }

    @Test
    void refusesTwoVerifiersOfTheEnabledName() throws Exception {
        PluginArchive.plugin("ecash-a").extension(ConfiguredVerifier.class).zipInto(plugins);
        PluginArchive.plugin("ecash-b").extension(ConfiguredVerifier.class).zipInto(plugins);
        HostSettings settings = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory"))
                .section("ecash-a", Map.of("schemes", "a-v1"))
                .section("ecash-b", Map.of("schemes", "b-v1"));

        try (PluginHost host = settings.start()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of("configured"))))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessageStartingWith("e-cash verifier 'configured' is provided twice: ")
                    .hasMessageContaining("(plugin 'ecash-a' 1.0.0)", "(plugin 'ecash-b' 1.0.0)");
        }
    }

    @Test
    void refusesAnEnabledVerifierWithoutSchemes() throws Exception {
        PluginArchive.plugin("ecash-fixture").extension(ConfiguredVerifier.class).zipInto(plugins);
        HostSettings settings = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory"))
                .section("ecash-fixture", Map.of("schemes", ""));

        try (PluginHost host = settings.start()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of("configured"))))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessage("e-cash verifier 'configured' (plugin 'ecash-fixture' 1.0.0) handles no credential "
                            + "scheme; check its [plugins.ecash-fixture] section");
        }
    }

    @Test
    void namesTheWireGuardControllersFoundWhenTheConfiguredOneIsMissing() throws Exception {
        PluginArchive.plugin("wireguard-fixture").extension(FixtureWireGuard.class).zipInto(plugins);

        try (PluginHost host = startWithMemoryStorage()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.of("wireguard-linux"),
                    List.of())))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessage("WireGuard controller 'wireguard-linux' is not available; the controllers found are "
                            + "'fixture-wg' (plugin 'wireguard-fixture' 1.0.0). Put the plugin that provides it in the "
                            + "plugins folder, or configure one of these");
        }
    }

    @Test
    void refusesTwoModesOfOneName() throws Exception {
        PluginArchive.plugin("mode-a").extension(FixtureMode.class).zipInto(plugins);
        PluginArchive.plugin("mode-b").extension(FixtureMode.class).zipInto(plugins);

        try (PluginHost host = startWithMemoryStorage()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of())))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessageStartingWith("registration mode 'fixture-mode' is provided twice: ")
                    .hasMessageContaining("(plugin 'mode-a' 1.0.0)", "(plugin 'mode-b' 1.0.0)");
        }
    }

    @Test
    void refusesAPluginModeNamedLikeABuiltInOne() throws Exception {
        PluginArchive.plugin("mode-fixture").extension(FixtureMode.class).zipInto(plugins);
        HostSettings settings = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory"))
                .section("mode-fixture", Map.of("mode", SystemFixtureMode.NAME));

        try (PluginHost host = settings.start()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of())))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessage("registration mode 'system-fixture' is provided twice: "
                            + SystemFixtureMode.class.getName() + " (built-in) and " + FixtureMode.class.getName()
                            + " (plugin 'mode-fixture' 1.0.0); remove one of them");
        }
    }

    @Test
    void refusesAPluginThatNeedsANewerGateway() {
        PluginArchive.plugin("ecash-future").property("plugin.requires", ">=9.0.0").extension(PlainVerifier.class)
                .zipInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugin 'ecash-future' 1.0.0 (ecash-future-1.0.0) requires gateway version >=9.0.0 but "
                        + "this gateway is 0.1.0 (version mismatch): install a build of the plugin for 0.1.0, or "
                        + "upgrade the gateway");
    }

    @Test
    void refusesAPluginThatFailsToStart() {
        PluginArchive.plugin("wireguard-failing").property("plugin.class", FailingPlugin.class.getName())
                .classes(FailingPlugin.class).extension(FixtureWireGuard.class).zipInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("plugin 'wireguard-failing' 1.0.0 (wireguard-failing-1.0.0) failed to start: "
                        + "java.lang.IllegalStateException: cannot open /dev/net/tun")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAPluginWhoseDependencyIsMissing() {
        PluginArchive.plugin("ecash-dependent").property("plugin.dependencies", "ecash-base")
                .extension(PlainVerifier.class).zipInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessageContaining("cannot be resolved", "ecash-base");
    }

    @Test
    void namesTheExtensionWhoseConstructorFails() throws Exception {
        PluginArchive.plugin("ecash-broken").extension(BrokenVerifier.class).zipInto(plugins);

        try (PluginHost host = startWithMemoryStorage()) {
            assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of("broken"))))
                    .isInstanceOf(PluginStartupException.class)
                    .hasMessageContaining("e-cash verifier 'broken' is enabled but not available")
                    .hasMessageContaining(BrokenVerifier.class.getName() + " of plugin 'ecash-broken' 1.0.0 failed in its "
                            + "constructor: java.lang.IllegalStateException: no key file at /etc/lpreg/keys");
        }
    }

    @Test
    void anExtensionThatCannotBeCreatedDoesNotStopTheGatewayWhenNotSelected() throws Exception {
        PluginArchive.plugin("ecash-broken").extension(BrokenVerifier.class).zipInto(plugins);

        try (PluginHost host = startWithMemoryStorage()) {
            assertThat(host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of())).storage().name())
                    .isEqualTo("memory");
        }
    }

    @Test
    void namesTheExtensionThatCannotBeInjected() {
        PluginArchive.plugin("ecash-uninjectable").extension(UninjectableVerifier.class).zipInto(plugins);

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(plugins).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("the extensions of plugin 'ecash-uninjectable' 1.0.0 cannot be injected: No injectable "
                        + "constructor for type " + UninjectableVerifier.class.getName() + ". An extension has a public "
                        + "constructor annotated @jakarta.inject.Inject that takes PluginConfig, PluginMetrics or "
                        + "Clock, or a public constructor without parameters");
    }

    @Test
    void refusesAMissingPluginsFolder() {
        Path missing = plugins.resolve("nowhere");

        assertThatThrownBy(() -> HostSettings.dataIn(data).plugins(missing).start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessage("the plugins folder " + missing + " does not exist: create it, or leave the plugins "
                        + "folder unset to run with the built-in extensions only");
    }

    private PluginHost startWithMemoryStorage() throws PluginStartupException {
        return HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory")).start();
    }
}
