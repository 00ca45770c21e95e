package io.lpreg.engine.plugins;

import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.WireGuardController;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * An SPI interface extensions implement (docs/architecture.md §5.1), with the words its start-up errors use and the
 * wrapper that sets the thread context class loader around each call into one of its extensions.
 *
 * @param noun what one extension is called in an error, e.g. {@code WireGuard controller}
 * @param foundNoun what the extensions found are called, e.g. {@code controllers}
 * @param missing how an error says a selected name is not there
 * @param remedy what the operator does instead of installing the plugin that provides it
 */
record ExtensionPoint<T>(Class<T> type, String noun, String foundNoun, String missing, String remedy,
                         Function<T, String> name, BiFunction<T, ClassLoader, T> contextClassLoader) {
    static final ExtensionPoint<GatewayStorage> STORAGE = new ExtensionPoint<>(GatewayStorage.class, "storage",
            "storages", "is not available", "configure one of these", GatewayStorage::name,
            ContextClassLoaderStorage::new);
    static final ExtensionPoint<WireGuardController> WIREGUARD = new ExtensionPoint<>(WireGuardController.class,
            "WireGuard controller", "controllers", "is not available", "configure one of these",
            WireGuardController::name, ContextClassLoaderWireGuard::new);
    static final ExtensionPoint<EcashVerifier> VERIFIER = new ExtensionPoint<>(EcashVerifier.class, "e-cash verifier",
            "verifiers", "is enabled but not available", "remove it from the enabled verifiers", EcashVerifier::name,
            ContextClassLoaderVerifier::new);
    static final ExtensionPoint<RegistrationMode> MODE = new ExtensionPoint<>(RegistrationMode.class,
            "registration mode", "modes", "is not available", "configure one of these", RegistrationMode::name,
            ContextClassLoaderMode::new);
    /** Every extension point, in the order they are searched and named. */
    static final List<ExtensionPoint<?>> ALL = List.of(STORAGE, WIREGUARD, VERIFIER, MODE);

    ExtensionPoint {
        requireNonNull(type, "type is null");
        requireNonNull(noun, "noun is null");
        requireNonNull(foundNoun, "foundNoun is null");
        requireNonNull(missing, "missing is null");
        requireNonNull(remedy, "remedy is null");
        requireNonNull(name, "name is null");
        requireNonNull(contextClassLoader, "contextClassLoader is null");
    }
}
