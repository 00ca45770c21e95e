package io.lpreg.engine.plugins;

import static java.util.Objects.requireNonNull;

/**
 * An extension ready to be handed out (already wrapped to set its context class loader), with where it
 * comes from for the messages that name it.
 */
record ProvidedExtension<T>(T extension, ExtensionOrigin origin, String className) {
    ProvidedExtension {
        requireNonNull(extension, "extension is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(className, "className is null");
    }

    /** The class and where it comes from, e.g. {@code com.example.Storage (plugin 'storage-x' 1.0.0)}. */
    String describe() {
        return className + " (" + origin.describe() + ")";
    }
}
