package io.lpreg.engine.plugins;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The extensions the configuration asks for, by name.
 *
 * @param storage the {@code GatewayStorage#name()} to use
 * @param wireGuard the {@code WireGuardController#name()} to use; empty for a gateway without WireGuard
 * @param verifiers the {@code EcashVerifier#name()}s to enable; none is enabled otherwise
 */
public record ExtensionSelection(String storage, Optional<String> wireGuard, List<String> verifiers) {
    public ExtensionSelection {
        requireNonNull(storage, "storage is null");
        requireNonNull(wireGuard, "wireGuard is null");
        verifiers = List.copyOf(requireNonNull(verifiers, "verifiers is null"));
    }
}
