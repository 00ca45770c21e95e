package io.lpreg.engine.plugins;

import static java.util.Objects.requireNonNull;

/**
 * Where extensions come from: a plugin of the plugins folder, the class path (built-in, or a plugin jar an
 * embedding application put there), or objects passed in by an embedding application.
 *
 * @param id the plugin id: names the {@code [plugins.<id>]} section, the data directory, the metrics and a
 *           WireGuard controller
 * @param classLoader what the thread context class loader is set to around calls into its extensions
 */
record ExtensionOrigin(Kind kind, String id, String version, ClassLoader classLoader) {
    static final String ENGINE_ID = "engine";
    static final String EMBEDDED_ID = "embedded";

    /** In the order extensions are listed. */
    enum Kind { BUILT_IN, PLUGIN, EMBEDDED }

    ExtensionOrigin {
        requireNonNull(kind, "kind is null");
        requireNonNull(id, "id is null");
        requireNonNull(version, "version is null");
        requireNonNull(classLoader, "classLoader is null");
    }

    String describe() {
        return switch (kind) {
            case PLUGIN -> "plugin '" + id + "' " + version;
            case BUILT_IN -> ENGINE_ID.equals(id) ? "built-in" : "class path plugin '" + id + "' " + version;
            case EMBEDDED -> "embedded";
        };
    }
}
