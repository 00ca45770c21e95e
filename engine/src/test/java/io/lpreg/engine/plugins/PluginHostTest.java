package io.lpreg.engine.plugins;

import io.lpreg.engine.plugins.fixtures.ConfiguredVerifier;
import io.lpreg.engine.plugins.fixtures.ContextCheckingPlugin;
import io.lpreg.engine.plugins.fixtures.FixtureMode;
import io.lpreg.engine.plugins.fixtures.FixtureStorage;
import io.lpreg.engine.plugins.fixtures.FixtureTransaction;
import io.lpreg.engine.plugins.fixtures.FixtureWireGuard;
import io.lpreg.engine.plugins.fixtures.PlainVerifier;
import io.lpreg.engine.plugins.fixtures.SystemFixtureMode;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginHostTest {
    private static final VerificationContext CONTEXT = new VerificationContext(TicketType.WIREGUARD_ENTRY,
            new byte[32], new byte[32], HostSettings.CLOCK.instant());

    @TempDir
    Path plugins;
    @TempDir
    Path data;

    @Test
    void loadsEveryZipOfThePluginsFolderAndReportsThemStarted() throws Exception {
        PluginArchive.plugin("storage-fixture").extension(FixtureStorage.class).classes(FixtureTransaction.class)
                .zipInto(plugins);
        PluginArchive.plugin("ecash-fixture").extension(ConfiguredVerifier.class).zipInto(plugins);
        PluginArchive.plugin("mode-fixture").property("plugin.version", "2.3.4").extension(FixtureMode.class)
                .zipInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).start()) {
            ResolvedExtensions resolved = host.resolve(new ExtensionSelection("fixture", Optional.empty(),
                    List.of("configured")));

            assertThat(resolved.storage().name()).isEqualTo("fixture");
            assertThat(resolved.verifiersByScheme()).containsOnlyKeys("fixture-v1");
            assertThat(resolved.modesByName()).containsKey("fixture-mode");
            assertThat(host.plugins()).contains(
                    new LoadedPlugin("ecash-fixture", "1.0.0", "STARTED"),
                    new LoadedPlugin("mode-fixture", "2.3.4", "STARTED"),
                    new LoadedPlugin("storage-fixture", "1.0.0", "STARTED"));
        }
    }

    @Test
    void aSnapshotEngineRunsThePluginsBuiltForItsReleaseAndListsItsFullVersion() throws Exception {
        PluginArchive.plugin("ecash-plain").extension(PlainVerifier.class).zipInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).engineVersion("0.1.0-SNAPSHOT").start()) {
            assertThat(host.plugins()).contains(new LoadedPlugin("ecash-plain", "1.0.0", "STARTED"),
                    new LoadedPlugin("engine", "0.1.0-SNAPSHOT", LoadedPlugin.BUILT_IN));
        }
        assertThatThrownBy(() -> HostSettings.dataIn(data.resolve("older")).plugins(plugins).engineVersion("0.0.9-SNAPSHOT").start())
                .hasMessageContaining("requires gateway version >=0.1.0 but this gateway is 0.0.9");
    }

    @Test
    void loadsAJarPlugin() throws Exception {
        PluginArchive.plugin("ecash-plain").extension(PlainVerifier.class).jarInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory")).start()) {
            ResolvedExtensions resolved = host.resolve(new ExtensionSelection("memory", Optional.empty(),
                    List.of("plain")));

            EcashVerifier plain = resolved.verifiersByScheme().get("plain-v1");
            assertThat(plain.name()).isEqualTo("plain");
            assertThat(plain.verify(new Credential("plain-v1", new byte[] {1}), CONTEXT))
                    .isInstanceOf(VerificationResult.Rejected.class);
            assertThat(host.plugins()).contains(new LoadedPlugin("ecash-plain", "1.0.0", "STARTED"));
        }
    }

    @Test
    void injectsThePluginsConfigSectionDataDirectoryClockAndMetrics() throws Exception {
        PluginArchive.plugin("ecash-fixture").extension(ConfiguredVerifier.class).zipInto(plugins);
        HostSettings settings = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory"))
                .section("ecash-fixture", Map.of("name", "fixture", "schemes", "a-v1, b-v1",
                        "bandwidth_bytes", "4096", "validity", "2d"));

        try (PluginHost host = settings.start()) {
            ResolvedExtensions resolved = host.resolve(new ExtensionSelection("memory", Optional.empty(),
                    List.of("fixture")));
            EcashVerifier verifier = resolved.verifiersByScheme().get("a-v1");

            assertThat(resolved.verifiersByScheme()).containsOnlyKeys("a-v1", "b-v1");
            assertThat(verifier.verify(new Credential("a-v1", new byte[] {7}), CONTEXT)).isEqualTo(
                    new VerificationResult.Accepted(new byte[] {7}, 4096,
                            HostSettings.CLOCK.instant().plus(Duration.ofDays(2))));
            assertThat(settings.count("ecash-fixture", "verifications")).isEqualTo(1);
            assertThat(report(verifier)).contains("data directory: " + data.resolve("plugins").resolve("ecash-fixture"));
            assertThat(data.resolve("plugins").resolve("ecash-fixture")).isDirectory();
        }
    }

    @Test
    void createsAnExtensionWithOnlyANoArgumentConstructor() throws Exception {
        PluginArchive.plugin("ecash-plain").extension(PlainVerifier.class).zipInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory")).start()) {
            assertThat(host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of("plain")))
                    .verifiersByScheme()).containsOnlyKeys("plain-v1");
        }
    }

    @Test
    void loadsPluginClassesThroughThePluginAndCallsThemWithItsContextClassLoader() throws Exception {
        PluginArchive.plugin("ecash-fixture").extension(ConfiguredVerifier.class).zipInto(plugins);
        ClassLoader testLoader = Thread.currentThread().getContextClassLoader();

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory")).start()) {
            EcashVerifier verifier = host.resolve(new ExtensionSelection("memory", Optional.empty(),
                    List.of("configured"))).verifiersByScheme().get("fixture-v1");

            assertThat(report(verifier)).contains("context loader is mine: true", "loaded by a plugin: true");
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(testLoader);
        }
    }

    @Test
    void setsTheContextClassLoaderAroundStorageTransactionModeAndWireGuardCalls() throws Exception {
        PluginArchive.plugin("all-fixtures")
                .extension(FixtureStorage.class, FixtureMode.class, FixtureWireGuard.class)
                .classes(FixtureTransaction.class)
                .zipInto(plugins);
        ClassLoader testLoader = Thread.currentThread().getContextClassLoader();

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).start()) {
            ResolvedExtensions resolved = host.resolve(new ExtensionSelection("fixture", Optional.of("fixture-wg"),
                    List.of()));

            assertThat(resolved.storage().isReachable()).isTrue();
            assertThat(resolved.wireGuard().orElseThrow().isReachable()).isTrue();
            assertThat(resolved.modesByName().get("fixture-mode").register(null).allocatedBandwidth()).isEqualTo(1);
            Bandwidth inTransaction = resolved.storage().inTransaction(transaction -> {
                assertThat(Thread.currentThread().getContextClassLoader()).isInstanceOf(PluginClassLoader.class);
                // a registration mode of another plugin changes it in between
                Thread.currentThread().setContextClassLoader(testLoader);
                return transaction.bandwidth(new ClientId(1)).orElseThrow();
            });
            assertThat(inTransaction.availableBytes()).isEqualTo(1);
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(testLoader);
            // the fixture refuses each outbox call made without its loader; another plugin's mode resets it in between
            resolved.storage().inTransaction(transaction -> {
                Instant now = Instant.EPOCH;
                Thread.currentThread().setContextClassLoader(testLoader);
                transaction.enqueueSettlement(new Settlement("fixture-v1", new byte[] {1}, new ClientId(1), 1, new byte[] {2},
                        now, now));
                Thread.currentThread().setContextClassLoader(testLoader);
                transaction.claimSettlements(now, now, 1);
                Thread.currentThread().setContextClassLoader(testLoader);
                transaction.recordSettlementVotes(1, List.of());
                Thread.currentThread().setContextClassLoader(testLoader);
                transaction.retrySettlement(1, now);
                Thread.currentThread().setContextClassLoader(testLoader);
                transaction.decideSettlement(1, SettlementState.CONFIRMED);
                return null;
            });
            assertThat(resolved.storage().settlements(1)).isEmpty();
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(testLoader);
        }
    }

    @Test
    void warnsLoudlyWhenAnEnabledVerifierAcceptsEverything() throws Exception {
        PluginArchive.plugin("ecash-fixture").extension(ConfiguredVerifier.class).zipInto(plugins);
        HostSettings settings = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory"))
                .section("ecash-fixture", Map.of("accepts_everything", "true"));
        Logger logger = (Logger) LoggerFactory.getLogger(EnabledVerifiers.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);

        try (PluginHost host = settings.start()) {
            host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of("configured")));
        } finally {
            logger.detachAppender(events);
        }

        assertThat(events.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("E-CASH VERIFIER 'configured' (plugin 'ecash-fixture' "
                    + "1.0.0) ACCEPTS EVERY CREDENTIAL WITHOUT CHECKING IT");
        });
    }

    @Test
    void startsAPluginClassWithItsContextClassLoader() throws Exception {
        PluginArchive.plugin("checking").property("plugin.class", ContextCheckingPlugin.class.getName())
                .classes(ContextCheckingPlugin.class).extension(PlainVerifier.class).zipInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).start()) {
            assertThat(host.plugins()).contains(new LoadedPlugin("checking", "1.0.0", "STARTED"));
        }
    }

    @Test
    void createsOneInstancePerExtensionClass() throws Exception {
        PluginArchive.plugin("ecash-fixture").extension(ConfiguredVerifier.class).zipInto(plugins);
        ExtensionSelection selection = new ExtensionSelection("memory", Optional.empty(), List.of("configured"));

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory")).start()) {
            host.resolve(selection);
            EcashVerifier verifier = host.resolve(selection).verifiersByScheme().get("fixture-v1");

            assertThat(report(verifier)).contains("instances: 1,");
        }
    }

    @Test
    void findsClassPathExtensionsWithoutAPluginsFolderAndInjectsTheEngineSection() throws Exception {
        HostSettings settings = HostSettings.dataIn(data).embedded(new EmbeddedStorage("memory"))
                .section("engine", Map.of("bandwidth", "42"));

        try (PluginHost host = settings.start()) {
            RegistrationMode mode = host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of()))
                    .modesByName().get(SystemFixtureMode.NAME);

            assertThat(mode).isNotNull();
            assertThat(mode.register(null).allocatedBandwidth())
                    .isEqualTo(42 + HostSettings.CLOCK.instant().getEpochSecond());
            assertThat(host.plugins()).contains(new LoadedPlugin("engine", HostSettings.ENGINE_VERSION,
                    LoadedPlugin.BUILT_IN));
        }
    }

    @Test
    void findsTheEnginesBuiltInModesWithoutAPluginsFolder() throws Exception {
        try (PluginHost host = HostSettings.dataIn(data).embedded(new EmbeddedStorage("memory")).start()) {
            assertThat(host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of())).modesByName())
                    .containsKeys("dvpn", "mixnet");
        }
    }

    @Test
    void findsClassPathExtensionsBesidePlugins() throws Exception {
        PluginArchive.plugin("mode-fixture").extension(FixtureMode.class).zipInto(plugins);

        try (PluginHost host = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory")).start()) {
            assertThat(host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of())).modesByName())
                    .containsKeys(SystemFixtureMode.NAME, "fixture-mode");
        }
    }

    @Test
    void usesEmbeddedExtensionsAsTheyAre() throws Exception {
        EmbeddedStorage storage = new EmbeddedStorage("memory");

        try (PluginHost host = HostSettings.dataIn(data).embedded(storage).start()) {
            ResolvedExtensions resolved = host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of()));
            resolved.storage().start();

            assertThat(storage.starts).hasValue(1);
            assertThat(host.plugins()).contains(new LoadedPlugin("embedded", HostSettings.ENGINE_VERSION,
                    LoadedPlugin.EMBEDDED));
        }
    }

    @Test
    void refusesAnEmbeddedObjectThatIsNoExtension() {
        assertThatThrownBy(() -> HostSettings.dataIn(data).embedded("not an extension").start())
                .isInstanceOf(PluginStartupException.class)
                .hasMessageContaining("java.lang.String implements none of the extension points");
    }

    @Test
    void stopsAndUnloadsThePluginsOnClose() throws Exception {
        PluginArchive.plugin("ecash-plain").extension(PlainVerifier.class).zipInto(plugins);
        PluginHost host = HostSettings.dataIn(data).plugins(plugins).start();

        host.close();

        assertThat(host.plugins()).noneMatch(plugin -> plugin.id().equals("ecash-plain"));
        assertThatThrownBy(() -> host.resolve(new ExtensionSelection("memory", Optional.empty(), List.of())))
                .isInstanceOf(IllegalStateException.class);
    }

    private static String report(EcashVerifier verifier) {
        VerificationResult result = verifier.verify(new Credential("fixture-v1", ConfiguredVerifier.PROBE), CONTEXT);
        assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
        return ((VerificationResult.Rejected) result).message();
    }
}
