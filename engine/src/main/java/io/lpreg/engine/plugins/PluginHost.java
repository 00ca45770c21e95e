package io.lpreg.engine.plugins;

import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.PluginMetrics;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.WireGuardController;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Finds the gateway's extensions (docs/architecture.md §5.1): PF4J plugins of the plugins folder, {@code @Extension}
 * classes of the class path (the built-in dVPN and mixnet modes; listed in {@code META-INF/extensions.idx}),
 * and objects an embedding application passes in. Each plugin gets a Guice child injector that binds its
 * {@link PluginConfig} and {@link PluginMetrics}; every extension handed out sets the thread context class
 * loader to its plugin's around each call.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final HostPluginManager manager;
    private final ExtensionInstances instances;
    private final List<LoadedPlugin> classPathAndEmbedded;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PluginHost(HostPluginManager manager, ExtensionInstances instances, List<LoadedPlugin> classPathAndEmbedded) {
        this.manager = requireNonNull(manager, "manager is null");
        this.instances = requireNonNull(instances, "instances is null");
        this.classPathAndEmbedded = requireNonNull(classPathAndEmbedded, "classPathAndEmbedded is null");
    }

    /** Loads and starts the plugins, finds every extension class and prepares its injector. */
    public static PluginHost start(PluginHostSettings settings) throws PluginStartupException {
        requireNonNull(settings, "settings is null");
        requireExtensions(settings.embeddedExtensions());
        Optional<Path> directory = settings.pluginsDirectory();
        if (directory.isPresent()) {
            if (!Files.isDirectory(directory.get())) {
                throw new PluginStartupException("the plugins folder " + directory.get() + " does not exist: create it, "
                        + "or leave the plugins folder unset to run with the built-in extensions only");
            }
            PluginsFolderCheck.check(directory.get());
            directory = Optional.of(PluginStaging.stage(directory.get(), settings.dataDirectory()));
        }
        HostPluginManager manager = new HostPluginManager(directory.map(List::of).orElse(List.of()));
        manager.setSystemVersion(withoutQualifier(settings.engineVersion()));
        try {
            if (directory.isPresent()) {
                PluginLifecycle.loadAndStart(manager, directory.get());
            }
            Map<Class<?>, ExtensionOrigin> classes = ExtensionDiscovery.discover(manager,
                    new ClassPathOrigins(settings.engineVersion()));
            ExtensionInjectors.prepare(manager.guiceExtensionFactory(), classes, settings);
            return new PluginHost(manager, new ExtensionInstances(manager.getExtensionFactory(),
                    Collections.unmodifiableMap(classes), settings.embeddedExtensions()),
                    classPathAndEmbedded(classes, settings));
        } catch (PluginStartupException | RuntimeException | Error e) {
            PluginLifecycle.stopAndUnload(manager);
            throw e;
        }
    }

    /**
     * Picks the configured storage, WireGuard controller and verifiers, and every registration mode. Creates
     * the extensions it needs to ask for their names; each is one instance however often it is resolved.
     */
    public ResolvedExtensions resolve(ExtensionSelection selection) throws PluginStartupException {
        requireNonNull(selection, "selection is null");
        if (closed.get()) {
            throw new IllegalStateException("the plugin host is closed");
        }
        GatewayStorage storage = select(ExtensionPoint.STORAGE, selection.storage());
        Optional<WireGuardController> wireGuard = Optional.empty();
        if (selection.wireGuard().isPresent()) {
            wireGuard = Optional.of(select(ExtensionPoint.WIREGUARD, selection.wireGuard().get()));
        }
        Map<String, EcashVerifier> verifiers = selection.verifiers().isEmpty() ? Map.of()
                : EnabledVerifiers.byScheme(instances.of(ExtensionPoint.VERIFIER), selection.verifiers());
        Map<String, RegistrationMode> modes = new LinkedHashMap<>();
        instances.of(ExtensionPoint.MODE).byName().forEach((name, mode) -> modes.put(name, mode.extension()));
        return new ResolvedExtensions(storage, wireGuard, verifiers, modes);
    }

    /** The plugins of the plugins folder with their PF4J state, then the class path's and the embedded ones. */
    public List<LoadedPlugin> plugins() {
        List<LoadedPlugin> plugins = new ArrayList<>();
        manager.getPlugins().stream()
                .sorted(Comparator.comparing(PluginWrapper::getPluginId))
                .map(plugin -> new LoadedPlugin(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                        plugin.getPluginState().toString()))
                .forEach(plugins::add);
        plugins.addAll(classPathAndEmbedded);
        return List.copyOf(plugins);
    }

    /** Stops and unloads the plugins; extensions handed out must not be called afterwards. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            PluginLifecycle.stopAndUnload(manager);
        }
    }

    private <T> T select(ExtensionPoint<T> point, String name) throws PluginStartupException {
        ProvidedExtension<T> selected = instances.of(point).select(name);
        log.info("{} '{}' from {}", point.noun(), name, selected.origin().describe());
        return selected.extension();
    }

    /**
     * The version plugins' {@code plugin.requires} is checked against. By semantic versioning 0.1.0-SNAPSHOT is
     * below 0.1.0, yet the plugins built with it say {@code >=0.1.0}; and PF4J checks nothing against 0.0.0.
     */
    static String withoutQualifier(String engineVersion) {
        int qualifier = engineVersion.indexOf('-');
        return qualifier < 0 ? engineVersion : engineVersion.substring(0, qualifier);
    }

    private static void requireExtensions(List<Object> embeddedExtensions) throws PluginStartupException {
        for (Object embedded : embeddedExtensions) {
            if (ExtensionPoint.ALL.stream().noneMatch(point -> point.type().isInstance(embedded))) {
                throw new PluginStartupException("the embedded extension " + embedded.getClass().getName()
                        + " implements none of the extension points " + ExtensionPoint.ALL.stream()
                        .map(point -> point.type().getSimpleName()).collect(Collectors.joining(", ")));
            }
        }
    }

    private static List<LoadedPlugin> classPathAndEmbedded(Map<Class<?>, ExtensionOrigin> classes,
                                                           PluginHostSettings settings) {
        List<LoadedPlugin> loaded = new ArrayList<>();
        classes.values().stream()
                .filter(origin -> origin.kind() == ExtensionOrigin.Kind.BUILT_IN)
                .map(origin -> new LoadedPlugin(origin.id(), origin.version(), LoadedPlugin.BUILT_IN))
                .distinct()
                .forEach(loaded::add);
        if (!settings.embeddedExtensions().isEmpty()) {
            loaded.add(new LoadedPlugin(ExtensionOrigin.EMBEDDED_ID, settings.engineVersion(), LoadedPlugin.EMBEDDED));
        }
        return List.copyOf(loaded);
    }
}
