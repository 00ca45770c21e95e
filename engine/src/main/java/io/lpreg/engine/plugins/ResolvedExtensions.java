package io.lpreg.engine.plugins;

import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.WireGuardController;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The extensions the gateway runs with. Every one of them sets the thread context class loader to its
 * plugin's class loader around each call (docs/architecture.md §5.2).
 */
public record ResolvedExtensions(GatewayStorage storage, Optional<WireGuardController> wireGuard,
                                 Map<String, EcashVerifier> verifiersByScheme,
                                 Map<String, RegistrationMode> modesByName) {
    public ResolvedExtensions {
        requireNonNull(storage, "storage is null");
        requireNonNull(wireGuard, "wireGuard is null");
        verifiersByScheme = Map.copyOf(requireNonNull(verifiersByScheme, "verifiersByScheme is null"));
        modesByName = Map.copyOf(requireNonNull(modesByName, "modesByName is null"));
    }
}
