package io.lpreg.engine.plugins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The extensions of one extension point, found by their {@code name()}: the one selection of "the extension
 * of type T named N" the configuration makes (storage, WireGuard controller, each verifier), and the check
 * that no name is provided twice.
 *
 * @param unavailable why extensions that could not be created are missing ({@code ""} when none is), added
 *                    to the error when a selected name is not found: only then does an operator need it
 */
record NamedExtensions<T>(ExtensionPoint<T> point, List<ProvidedExtension<T>> found, String unavailable) {
    NamedExtensions {
        requireNonNull(point, "point is null");
        found = List.copyOf(requireNonNull(found, "found is null"));
        requireNonNull(unavailable, "unavailable is null");
    }

    /** The one extension named {@code name}; an error lists the names found if there is none, both if two. */
    ProvidedExtension<T> select(String name) throws PluginStartupException {
        requireNonNull(name, "name is null");
        List<ProvidedExtension<T>> named = found.stream().filter(provided -> nameOf(provided).equals(name)).toList();
        if (named.isEmpty()) {
            throw new PluginStartupException(point.noun() + " '" + name + "' " + point.missing() + "; the "
                    + point.foundNoun() + " found are " + names() + ". Put the plugin that provides it in the plugins "
                    + "folder, or " + point.remedy() + unavailable);
        }
        if (named.size() > 1) {
            throw providedTwice(name, named);
        }
        return named.getFirst();
    }

    /** Every extension by its name, in the order found; a name provided twice is an error. */
    Map<String, ProvidedExtension<T>> byName() throws PluginStartupException {
        Map<String, ProvidedExtension<T>> byName = new LinkedHashMap<>();
        for (ProvidedExtension<T> provided : found) {
            ProvidedExtension<T> previous = byName.putIfAbsent(nameOf(provided), provided);
            if (previous != null) {
                throw providedTwice(nameOf(provided), List.of(previous, provided));
            }
        }
        return byName;
    }

    private PluginStartupException providedTwice(String name, List<ProvidedExtension<T>> named) {
        return new PluginStartupException(point.noun() + " '" + name + "' is provided twice: "
                + named.stream().map(ProvidedExtension::describe).collect(Collectors.joining(" and "))
                + "; remove one of them");
    }

    private String names() {
        if (found.isEmpty()) {
            return "none";
        }
        return found.stream()
                .map(provided -> "'" + nameOf(provided) + "' (" + provided.origin().describe() + ")")
                .collect(Collectors.joining(", "));
    }

    private String nameOf(ProvidedExtension<T> provided) {
        return point.name().apply(provided.extension());
    }
}
