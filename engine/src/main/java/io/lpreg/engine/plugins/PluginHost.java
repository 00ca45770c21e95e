package io.lpreg.engine.plugins;

import com.google.inject.Binder;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Scopes;
import com.google.inject.spi.Message;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.PluginMetrics;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.WireGuardController;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Finds the gateway's extensions (DESIGN.md §5): PF4J plugins of the plugins folder, {@code @Extension}
 * classes of the class path (the built-in dVPN and mixnet modes; listed in {@code META-INF/extensions.idx}),
 * and objects an embedding application passes in. Each plugin gets a Guice child injector that binds its
 * {@link PluginConfig} and {@link PluginMetrics}; every extension handed out sets the thread context class
 * loader to its plugin's around each call.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);
    private static final List<Class<?>> EXTENSION_POINTS = List.of(GatewayStorage.class, WireGuardController.class,
            EcashVerifier.class, RegistrationMode.class);

    private final HostPluginManager manager;
    private final Map<Class<?>, ExtensionOrigin> extensionClasses;
    private final List<Object> embeddedExtensions;
    private final java.util.Set<String> unavailable = new java.util.concurrent.CopyOnWriteArraySet<>();
    private final List<LoadedPlugin> classPathAndEmbedded;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PluginHost(HostPluginManager manager, Map<Class<?>, ExtensionOrigin> extensionClasses,
                       List<Object> embeddedExtensions, List<LoadedPlugin> classPathAndEmbedded) {
        this.manager = requireNonNull(manager, "manager is null");
        this.extensionClasses = requireNonNull(extensionClasses, "extensionClasses is null");
        this.embeddedExtensions = requireNonNull(embeddedExtensions, "embeddedExtensions is null");
        this.classPathAndEmbedded = requireNonNull(classPathAndEmbedded, "classPathAndEmbedded is null");
    }

    /** Loads and starts the plugins, finds every extension class and prepares its injector. */
    public static PluginHost start(PluginHostSettings settings) throws PluginStartupException {
        requireNonNull(settings, "settings is null");
        for (Object embedded : settings.embeddedExtensions()) {
            if (EXTENSION_POINTS.stream().noneMatch(point -> point.isInstance(embedded))) {
                throw new PluginStartupException("the embedded extension " + embedded.getClass().getName()
                        + " implements none of the extension points " + pointNames());
            }
        }
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
        manager.setSystemVersion(settings.engineVersion());
        try {
            if (directory.isPresent()) {
                loadAndStart(manager, directory.get());
            }
            Map<Class<?>, ExtensionOrigin> classes = discover(manager, new ClassPathOrigins(settings.engineVersion()));
            prepareInjectors(manager.guiceExtensionFactory(), classes, settings);
            List<LoadedPlugin> classPathAndEmbedded = new ArrayList<>();
            classes.values().stream()
                    .filter(origin -> origin.kind() == ExtensionOrigin.Kind.BUILT_IN)
                    .map(origin -> new LoadedPlugin(origin.id(), origin.version(), LoadedPlugin.BUILT_IN))
                    .distinct()
                    .forEach(classPathAndEmbedded::add);
            if (!settings.embeddedExtensions().isEmpty()) {
                classPathAndEmbedded.add(new LoadedPlugin(ExtensionOrigin.EMBEDDED_ID, settings.engineVersion(),
                        LoadedPlugin.EMBEDDED));
            }
            return new PluginHost(manager, Collections.unmodifiableMap(classes), settings.embeddedExtensions(),
                    List.copyOf(classPathAndEmbedded));
        } catch (PluginStartupException | RuntimeException | Error e) {
            shutdown(manager);
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
        GatewayStorage storage = resolveStorage(selection.storage());
        Optional<WireGuardController> wireGuard = Optional.empty();
        if (selection.wireGuard().isPresent()) {
            wireGuard = Optional.of(resolveWireGuard(selection.wireGuard().get()));
        }
        return new ResolvedExtensions(storage, wireGuard, resolveVerifiers(selection.verifiers()), resolveModes());
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
            shutdown(manager);
        }
    }

    private static void loadAndStart(HostPluginManager manager, Path directory) throws PluginStartupException {
        try {
            manager.loadPlugins();
        } catch (PluginRuntimeException e) {
            throw new PluginStartupException("the plugins in " + directory + " cannot be resolved: " + e.getMessage()
                    + "; add the plugins they depend on, or remove them", e);
        }
        for (PluginWrapper plugin : List.copyOf(manager.getResolvedPlugins())) {
            if (plugin.getPluginState() != PluginState.DISABLED) {
                // a PF4J plugin class is plugin code too
                ClassLoader previous = ContextClassLoader.enter(plugin.getPluginClassLoader());
                try {
                    manager.startPlugin(plugin.getPluginId());
                } finally {
                    ContextClassLoader.restore(previous);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Throwable cause = null;
        manager.loadFailures().forEach((path, reason) ->
                problems.add("the plugin " + path.getFileName() + " in " + directory + " cannot be loaded: " + reason));
        List<PluginWrapper> plugins = new ArrayList<>(manager.getPlugins());
        plugins.sort(Comparator.comparing(PluginWrapper::getPluginId));
        for (PluginWrapper plugin : plugins) {
            PluginState state = plugin.getPluginState();
            if (state == PluginState.STARTED) {
                continue;
            }
            String label = "plugin '" + plugin.getPluginId() + "' " + plugin.getDescriptor().getVersion()
                    + " (" + plugin.getPluginPath().getFileName() + ")";
            if (state == PluginState.DISABLED) {
                // PF4J disables exactly the plugins whose plugin.requires the system version does not meet
                problems.add(label + " requires gateway version " + plugin.getDescriptor().getRequires()
                        + " but this gateway is " + manager.getSystemVersion() + " (version mismatch): install a "
                        + "build of the plugin for " + manager.getSystemVersion() + ", or upgrade the gateway");
            } else if (state == PluginState.FAILED) {
                cause = cause == null ? plugin.getFailedException() : cause;
                problems.add(label + " failed to start: " + plugin.getFailedException());
            } else {
                problems.add(label + " is " + state + ", not started: check its plugin.dependencies ("
                        + plugin.getDescriptor().getDependencies() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginStartupException(String.join("\n", problems), cause);
        }
    }

    private static Map<Class<?>, ExtensionOrigin> discover(HostPluginManager manager, ClassPathOrigins classPath) {
        Map<ClassLoader, PluginWrapper> pluginsByLoader = new HashMap<>();
        manager.getStartedPlugins().forEach(plugin -> pluginsByLoader.put(plugin.getPluginClassLoader(), plugin));
        Map<Class<?>, ExtensionOrigin> found = new HashMap<>();
        for (Class<?> point : EXTENSION_POINTS) {
            for (Class<?> extensionClass : manager.getExtensionClasses(point)) {
                // a plugin without an index of its own sees the class path's through its parent loader:
                // such classes are the class path's, found once
                found.computeIfAbsent(extensionClass, type -> {
                    PluginWrapper plugin = pluginsByLoader.get(type.getClassLoader());
                    return plugin == null
                            ? classPath.of(type)
                            : new ExtensionOrigin(ExtensionOrigin.Kind.PLUGIN, plugin.getPluginId(),
                            plugin.getDescriptor().getVersion(), plugin.getPluginClassLoader());
                });
            }
        }
        // built-in first, then plugins by id: the order of every list in a message
        Map<Class<?>, ExtensionOrigin> classes = new LinkedHashMap<>();
        found.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Class<?>, ExtensionOrigin>, ExtensionOrigin.Kind>comparing(
                                entry -> entry.getValue().kind())
                        .thenComparing(entry -> entry.getValue().id())
                        .thenComparing(entry -> entry.getKey().getName()))
                .forEach(entry -> classes.put(entry.getKey(), entry.getValue()));
        return classes;
    }

    private static void prepareInjectors(GuiceExtensionFactory factory, Map<Class<?>, ExtensionOrigin> classes,
                                         PluginHostSettings settings) throws PluginStartupException {
        Injector root;
        try {
            root = Guice.createInjector(binder -> {
                binder.bind(Clock.class).toInstance(settings.clock());
                settings.engineBindings().forEach((type, instance) -> bindInstance(binder, type, instance));
            });
        } catch (CreationException e) {
            throw new PluginStartupException("the engine bindings cannot be injected: " + messages(e.getErrorMessages()), e);
        }
        Map<ExtensionOrigin, List<Class<?>>> byOrigin = new LinkedHashMap<>();
        classes.forEach((type, origin) -> byOrigin.computeIfAbsent(origin, key -> new ArrayList<>()).add(type));
        for (Map.Entry<ExtensionOrigin, List<Class<?>>> group : byOrigin.entrySet()) {
            ExtensionOrigin origin = group.getKey();
            PluginConfig config = new SectionPluginConfig(settings.section(origin.id()),
                    settings.dataDirectory().resolve("plugins").resolve(origin.id()));
            PluginMetrics metrics = requireNonNull(settings.metricsForPlugin().apply(origin.id()),
                    "metricsForPlugin returned null");
            Injector injector;
            try {
                injector = root.createChildInjector(binder -> {
                    binder.bind(PluginConfig.class).toInstance(config);
                    binder.bind(PluginMetrics.class).toInstance(metrics);
                    group.getValue().forEach(type -> binder.bind(type).in(Scopes.SINGLETON));
                });
            } catch (CreationException e) {
                throw new PluginStartupException("the extensions of " + origin.describe() + " cannot be injected: "
                        + messages(e.getErrorMessages()) + ". An extension has a public constructor annotated "
                        + "@jakarta.inject.Inject that takes PluginConfig, PluginMetrics or Clock, or a public "
                        + "constructor without parameters", e);
            }
            group.getValue().forEach(type -> factory.register(type, injector));
        }
    }

    private static <T> void bindInstance(Binder binder, Class<T> type, Object instance) {
        binder.bind(type).toInstance(type.cast(instance));
    }

    private GatewayStorage resolveStorage(String name) throws PluginStartupException {
        List<Provided<GatewayStorage>> storages = instances(GatewayStorage.class, ContextClassLoaderStorage::new);
        List<Provided<GatewayStorage>> named = storages.stream()
                .filter(storage -> storage.extension().name().equals(name)).toList();
        if (named.isEmpty()) {
            throw new PluginStartupException("storage '" + name + "' is not available; the storages found are "
                    + list(storages, storage -> storage.extension().name()) + ". Put the plugin that provides it in "
                    + "the plugins folder, or configure one of these" + unavailableNote());
        }
        if (named.size() > 1) {
            throw new PluginStartupException("storage '" + name + "' is provided twice: " + describe(named)
                    + "; remove one of them");
        }
        log.info("storage '{}' from {}", name, named.getFirst().origin().describe());
        return named.getFirst().extension();
    }

    private WireGuardController resolveWireGuard(String name) throws PluginStartupException {
        List<Provided<WireGuardController>> controllers = instances(WireGuardController.class,
                ContextClassLoaderWireGuard::new);
        List<Provided<WireGuardController>> named = controllers.stream()
                .filter(controller -> controller.extension().name().equals(name)).toList();
        if (named.isEmpty()) {
            throw new PluginStartupException("WireGuard controller '" + name + "' is not available; the controllers "
                    + "found are " + list(controllers, controller -> controller.extension().name()) + ". Put the "
                    + "plugin that provides it in the plugins folder, or configure one of these" + unavailableNote());
        }
        if (named.size() > 1) {
            throw new PluginStartupException("WireGuard controller '" + name + "' is provided twice: "
                    + describe(named) + "; remove one of them");
        }
        log.info("WireGuard controller '{}' from {}", name, named.getFirst().origin().describe());
        return named.getFirst().extension();
    }

    private Map<String, EcashVerifier> resolveVerifiers(List<String> names) throws PluginStartupException {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<Provided<EcashVerifier>> verifiers = instances(EcashVerifier.class, ContextClassLoaderVerifier::new);
        Map<String, Provided<EcashVerifier>> byScheme = new LinkedHashMap<>();
        for (String name : new LinkedHashSet<>(names)) {
            List<Provided<EcashVerifier>> named = verifiers.stream()
                    .filter(verifier -> verifier.extension().name().equals(name)).toList();
            if (named.isEmpty()) {
                throw new PluginStartupException("e-cash verifier '" + name + "' is enabled but not available; the "
                        + "verifiers found are " + list(verifiers, verifier -> verifier.extension().name())
                        + ". Put the plugin that provides it in the plugins folder, or remove it from the enabled "
                        + "verifiers" + unavailableNote());
            }
            if (named.size() > 1) {
                throw new PluginStartupException("e-cash verifier '" + name + "' is provided twice: " + describe(named)
                        + "; remove one of them");
            }
            Provided<EcashVerifier> verifier = named.getFirst();
            Set<String> schemes = verifier.extension().schemes();
            if (schemes.isEmpty()) {
                throw new PluginStartupException("e-cash verifier '" + name + "' (" + verifier.origin().describe()
                        + ") handles no credential scheme; check its [plugins." + verifier.origin().id() + "] section");
            }
            for (String scheme : schemes) {
                Provided<EcashVerifier> previous = byScheme.putIfAbsent(scheme, verifier);
                if (previous != null) {
                    throw new PluginStartupException("e-cash verifiers '" + previous.extension().name() + "' ("
                            + previous.origin().describe() + ") and '" + name + "' (" + verifier.origin().describe()
                            + ") both handle the credential scheme '" + scheme + "'; enable only one of them");
                }
            }
            if (verifier.extension().acceptsEverything()) {
                log.warn("E-CASH VERIFIER '{}' ({}) ACCEPTS EVERY CREDENTIAL WITHOUT CHECKING IT, for the schemes {}: "
                        + "anyone can register for free. Enable it only for tests and local networks, never on a "
                        + "public gateway.", name, verifier.origin().describe(), schemes);
            } else {
                log.info("e-cash verifier '{}' ({}) for the schemes {}", name, verifier.origin().describe(), schemes);
            }
        }
        Map<String, EcashVerifier> result = new LinkedHashMap<>();
        byScheme.forEach((scheme, verifier) -> result.put(scheme, verifier.extension()));
        return result;
    }

    private Map<String, RegistrationMode> resolveModes() throws PluginStartupException {
        Map<String, Provided<RegistrationMode>> byName = new LinkedHashMap<>();
        for (Provided<RegistrationMode> mode : instances(RegistrationMode.class, ContextClassLoaderMode::new)) {
            String name = mode.extension().name();
            Provided<RegistrationMode> previous = byName.putIfAbsent(name, mode);
            if (previous != null) {
                throw new PluginStartupException("registration mode '" + name + "' is provided twice: "
                        + describe(List.of(previous, mode)) + "; remove one of them");
            }
        }
        Map<String, RegistrationMode> result = new LinkedHashMap<>();
        byName.forEach((name, mode) -> result.put(name, mode.extension()));
        return result;
    }

    private String unavailableNote() {
        return unavailable.isEmpty() ? "" : ". Not available because they could not be created: "
                + String.join("; ", unavailable);
    }

    /** An extension's constructor threw. */
    private static final class ConstructorFailed extends PluginStartupException {
        private static final long serialVersionUID = 1L;

        ConstructorFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private <T> List<Provided<T>> instances(Class<T> point, BiFunction<T, ClassLoader, T> contextClassLoaderWrapper)
            throws PluginStartupException {
        List<Provided<T>> provided = new ArrayList<>();
        for (Map.Entry<Class<?>, ExtensionOrigin> entry : extensionClasses.entrySet()) {
            ExtensionOrigin origin = entry.getValue();
            if (point.isAssignableFrom(entry.getKey())) {
                T extension;
                try {
                    extension = create(point, entry.getKey(), origin);
                } catch (ConstructorFailed e) {
                    // Creating an extension is how we learn its name, so an unselected one that cannot be
                    // created (e.g. a verifier without its keys file) must not stop the gateway: it is named
                    // in the error only if the configuration asks for something not available.
                    // Not a warning: nobody asked for it yet. Only a configuration that asks for it sees it, in
                    // the start-up error (unavailableNote).
                    log.debug("{}", e.getMessage());
                    unavailable.add(e.getMessage());
                    continue;
                }
                provided.add(new Provided<>(contextClassLoaderWrapper.apply(extension, origin.classLoader()), origin,
                        entry.getKey().getName()));
            }
        }
        for (Object embedded : embeddedExtensions) {
            ClassLoader loader = embedded.getClass().getClassLoader() != null
                    ? embedded.getClass().getClassLoader() : ClassLoader.getSystemClassLoader();
            ExtensionOrigin origin = new ExtensionOrigin(ExtensionOrigin.Kind.EMBEDDED, ExtensionOrigin.EMBEDDED_ID,
                    "", loader);
            if (point.isInstance(embedded)) {
                provided.add(new Provided<>(contextClassLoaderWrapper.apply(point.cast(embedded), loader), origin,
                        embedded.getClass().getName()));
            }
        }
        return provided;
    }

    private <T> T create(Class<T> point, Class<?> extensionClass, ExtensionOrigin origin) throws PluginStartupException {
        ClassLoader previous = ContextClassLoader.enter(origin.classLoader());
        try {
            return point.cast(manager.getExtensionFactory().create(extensionClass));
        } catch (ProvisionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConstructorFailed(extensionClass.getName() + " of " + origin.describe()
                    + " failed in its constructor: " + cause, e);
        } catch (ConfigurationException e) {
            throw new PluginStartupException(extensionClass.getName() + " of " + origin.describe()
                    + " cannot be injected: " + messages(e.getErrorMessages()), e);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    private static void shutdown(HostPluginManager manager) {
        for (PluginWrapper plugin : List.copyOf(manager.getStartedPlugins()).reversed()) {
            ClassLoader previous = ContextClassLoader.enter(plugin.getPluginClassLoader());
            try {
                manager.stopPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                log.warn("stopping plugin '{}' failed", plugin.getPluginId(), e);
            } finally {
                ContextClassLoader.restore(previous);
            }
        }
        for (PluginWrapper plugin : manager.getPlugins()) {
            try {
                manager.unloadPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                log.warn("unloading plugin '{}' failed", plugin.getPluginId(), e);
            }
        }
    }

    private static String messages(Collection<Message> messages) {
        return messages.stream()
                .map(message -> message.getMessage().endsWith(".")
                        ? message.getMessage().substring(0, message.getMessage().length() - 1) : message.getMessage())
                .collect(Collectors.joining("; "));
    }

    private static String pointNames() {
        return EXTENSION_POINTS.stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
    }

    private static <T> String list(List<Provided<T>> provided, Function<Provided<T>, String> name) {
        if (provided.isEmpty()) {
            return "none";
        }
        return provided.stream()
                .map(extension -> "'" + name.apply(extension) + "' (" + extension.origin().describe() + ")")
                .collect(Collectors.joining(", "));
    }

    private static <T> String describe(List<Provided<T>> provided) {
        return provided.stream()
                .map(extension -> extension.className() + " (" + extension.origin().describe() + ")")
                .collect(Collectors.joining(" and "));
    }

    private record Provided<T>(T extension, ExtensionOrigin origin, String className) {
    }
}
