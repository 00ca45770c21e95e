package io.lpreg.engine.plugins;

import com.google.inject.Binder;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Scopes;
import com.google.inject.spi.Message;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.PluginMetrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * One Guice child injector per origin of extensions, binding its {@link PluginConfig} (its
 * {@code [plugins.<id>]} section and data directory) and {@link PluginMetrics} under a root that binds the
 * clock and the engine's own objects; every extension class is a singleton of its origin's injector.
 */
final class ExtensionInjectors {
    private ExtensionInjectors() {
    }

    static void prepare(GuiceExtensionFactory factory, Map<Class<?>, ExtensionOrigin> classes,
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

    /** Guice's error messages, joined into one sentence. */
    static String messages(Collection<Message> messages) {
        return messages.stream()
                .map(message -> message.getMessage().endsWith(".")
                        ? message.getMessage().substring(0, message.getMessage().length() - 1) : message.getMessage())
                .collect(Collectors.joining("; "));
    }

    private static <T> void bindInstance(Binder binder, Class<T> type, Object instance) {
        binder.bind(type).toInstance(type.cast(instance));
    }
}
