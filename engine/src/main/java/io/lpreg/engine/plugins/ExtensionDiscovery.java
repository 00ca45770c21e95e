package io.lpreg.engine.plugins;

import org.pf4j.PluginWrapper;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the extension classes of every extension point, in the started plugins and on the class path, and
 * where each comes from.
 */
final class ExtensionDiscovery {
    private ExtensionDiscovery() {
    }

    /** Every extension class with its origin: built-in first, then plugins by id (the order of every list in a message). */
    static Map<Class<?>, ExtensionOrigin> discover(HostPluginManager manager, ClassPathOrigins classPath) {
        Map<ClassLoader, PluginWrapper> pluginsByLoader = new HashMap<>();
        manager.getStartedPlugins().forEach(plugin -> pluginsByLoader.put(plugin.getPluginClassLoader(), plugin));
        Map<Class<?>, ExtensionOrigin> found = new HashMap<>();
        for (ExtensionPoint<?> point : ExtensionPoint.ALL) {
            for (Class<?> extensionClass : manager.getExtensionClasses(point.type())) {
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
        Map<Class<?>, ExtensionOrigin> classes = new LinkedHashMap<>();
        found.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Class<?>, ExtensionOrigin>, ExtensionOrigin.Kind>comparing(
                                entry -> entry.getValue().kind())
                        .thenComparing(entry -> entry.getValue().id())
                        .thenComparing(entry -> entry.getKey().getName()))
                .forEach(entry -> classes.put(entry.getKey(), entry.getValue()));
        return classes;
    }
}
