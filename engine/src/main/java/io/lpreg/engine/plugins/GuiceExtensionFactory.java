package io.lpreg.engine.plugins;

import com.google.inject.Injector;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginRuntimeException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates each extension through the Guice injector of the plugin it comes from, where it is bound as a
 * singleton: one instance per extension class (docs/architecture.md §5.2).
 */
final class GuiceExtensionFactory implements ExtensionFactory {
    private final Map<Class<?>, Injector> injectors = new ConcurrentHashMap<>();

    void register(Class<?> extensionClass, Injector injector) {
        injectors.put(extensionClass, injector);
    }

    @Override
    public <T> T create(Class<T> extensionClass) {
        Injector injector = injectors.get(extensionClass);
        if (injector == null) {
            throw new PluginRuntimeException("{} is not an extension the plugin host found", extensionClass.getName());
        }
        return injector.getInstance(extensionClass);
    }
}
