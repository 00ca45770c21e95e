package io.lpreg.engine;

import io.lpreg.engine.listener.LpListener;
import io.lpreg.engine.metrics.GatewayHealth;
import io.lpreg.engine.plugins.PluginHost;
import io.lpreg.engine.plugins.ResolvedExtensions;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;

import java.util.Collection;
import java.util.Optional;

/** Builds {@code /health} from the running parts; the storage and WireGuard checks are live. */
final class HealthReport {
    private HealthReport() {
    }

    static GatewayHealth of(LpListener listener, PluginHost plugins, ResolvedExtensions extensions) {
        boolean up = listener.isUp();
        Collection<EcashVerifier> verifiers = extensions.verifiersByScheme().values();
        return new GatewayHealth(
                new GatewayHealth.Listener(up, up ? Optional.of(listener.boundAddress()) : Optional.empty()),
                plugins.plugins().stream()
                        .map(plugin -> new GatewayHealth.Plugin(plugin.id(), plugin.version(), plugin.state()))
                        .toList(),
                storage(extensions.storage()),
                extensions.wireGuard().map(controller -> new GatewayHealth.Component(controller.name(),
                        controller.isReachable())),
                new GatewayHealth.Ecash(
                        verifiers.stream().map(EcashVerifier::name).distinct().sorted().toList(),
                        verifiers.stream().anyMatch(EcashVerifier::acceptsEverything)));
    }

    /** Details after the check, so a storage can report what its check just found. */
    private static GatewayHealth.Component storage(GatewayStorage storage) {
        boolean reachable = storage.isReachable();
        return new GatewayHealth.Component(storage.name(), reachable, storage.healthDetails());
    }
}
