package io.lpreg.engine.plugins;

import org.pf4j.IndexedExtensionFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * PF4J's index finder reads one {@code META-INF/extensions.idx} per plugin: the first its class loader finds,
 * and a plugin's {@code lib/} jars are searched in the order the file system lists them. A library bundled in
 * the zip that was built with PF4J's annotation processor carries an index of its own (often empty), which then
 * hides the plugin's extensions on some machines and not on others. This finder reads every index among the
 * plugin's own jars and directories (never the gateway's, which its parent loader holds) and merges them.
 */
final class EveryIndexExtensionFinder extends IndexedExtensionFinder {
    EveryIndexExtensionFinder(PluginManager pluginManager) {
        super(pluginManager);
    }

    @Override
    public Map<String, Set<String>> readPluginsStorages() {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        for (PluginWrapper plugin : pluginManager.getPlugins()) {
            Set<String> extensions = new LinkedHashSet<>();
            try {
                for (URL index : Collections.list(ownIndexes(plugin.getPluginClassLoader()))) {
                    extensions.addAll(read(index));
                }
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalStateException("cannot read the extension index of plugin " + plugin.getPluginId()
                        + ": " + e.getMessage(), e);
            }
            result.put(plugin.getPluginId(), extensions);
        }
        return result;
    }

    private static Enumeration<URL> ownIndexes(ClassLoader loader) throws IOException {
        if (loader instanceof PluginClassLoader pluginLoader) {
            return pluginLoader.findResources(EXTENSIONS_RESOURCE);
        }
        return loader.getResources(EXTENSIONS_RESOURCE);
    }

    private static Set<String> read(URL index) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
