package io.lpreg.engine.plugins;

import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PF4J's default manager (zips unpacked, jars and directories loaded) made deterministic for a gateway:
 * the plugins folder is only the configured one (never {@code pf4j.pluginsDir} or {@code ./plugins}),
 * always deployment mode, no {@code enabled.txt}/{@code disabled.txt} (a plugin in the folder is a plugin
 * in use), extensions listed by every index among a plugin's own jars (EveryIndexExtensionFinder), created by
 * the Guice factory, and a plugin that cannot be loaded is remembered
 * instead of only logged.
 */
final class HostPluginManager extends DefaultPluginManager {
    private final Map<Path, String> loadFailures = new LinkedHashMap<>();

    HostPluginManager(List<Path> pluginsRoots) {
        super(pluginsRoots);
    }

    @Override
    protected List<Path> createPluginsRoot() {
        return List.of();
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
            }

            @Override
            public void enablePlugin(String pluginId) {
            }
        };
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        EveryIndexExtensionFinder finder = new EveryIndexExtensionFinder(this);
        addPluginStateListener(finder);
        return finder;
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new GuiceExtensionFactory();
    }

    GuiceExtensionFactory guiceExtensionFactory() {
        return (GuiceExtensionFactory) getExtensionFactory();
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            PluginWrapper plugin = super.loadPluginFromPath(pluginPath);
            if (plugin == null) {
                loadFailures.put(pluginPath, "it cannot be unpacked");
            }
            return plugin;
        } catch (RuntimeException e) {
            loadFailures.put(pluginPath, String.valueOf(e.getMessage()));
            throw e;
        }
    }

    Map<Path, String> loadFailures() {
        return Map.copyOf(loadFailures);
    }
}
