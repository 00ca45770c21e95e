package io.lpreg.engine.plugins;

import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Loads and starts the plugins of the (staged) plugins folder, reporting every plugin that did not start
 * in one error; stops and unloads them at the end. A plugin's own code runs with its context class loader.
 */
final class PluginLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PluginLifecycle.class);

    private PluginLifecycle() {
    }

    static void loadAndStart(HostPluginManager manager, Path directory) throws PluginStartupException {
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
        reportProblems(manager, directory);
    }

    static void stopAndUnload(HostPluginManager manager) {
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

    private static void reportProblems(HostPluginManager manager, Path directory) throws PluginStartupException {
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
}
