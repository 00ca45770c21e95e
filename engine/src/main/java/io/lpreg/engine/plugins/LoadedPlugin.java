package io.lpreg.engine.plugins;

import static java.util.Objects.requireNonNull;

/**
 * A source of extensions as {@code /health} reports it: a plugin from the plugins folder (state as PF4J
 * names it, {@code STARTED}), the extensions built into the class path ({@code BUILT-IN}) or the objects an
 * embedding application passed in ({@code EMBEDDED}).
 */
public record LoadedPlugin(String id, String version, String state) {
    public static final String BUILT_IN = "BUILT-IN";
    public static final String EMBEDDED = "EMBEDDED";

    public LoadedPlugin {
        requireNonNull(id, "id is null");
        requireNonNull(version, "version is null");
        requireNonNull(state, "state is null");
    }
}
