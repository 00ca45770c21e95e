package io.lpreg.engine.metrics;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What {@code /health} reports. The gateway is {@code up} when the listener is up, the storage is
 * reachable and, if a WireGuard controller is configured, it is reachable too; otherwise
 * {@code degraded} (HTTP 503), so a load balancer stops sending clients.
 */
public record GatewayHealth(Listener listener, List<Plugin> plugins, Component storage,
                            Optional<Component> wireGuard, Ecash ecash) {
    public GatewayHealth {
        requireNonNull(listener, "listener is null");
        plugins = List.copyOf(requireNonNull(plugins, "plugins is null"));
        requireNonNull(storage, "storage is null");
        requireNonNull(wireGuard, "wireGuard is null");
        requireNonNull(ecash, "ecash is null");
    }

    /** {@code "up"} or {@code "degraded"}. */
    public String status() {
        return isUp() ? "up" : "degraded";
    }

    public boolean isUp() {
        return listener.up() && storage.reachable() && wireGuard.map(Component::reachable).orElse(true);
    }

    /** @param address the bound address while up */
    public record Listener(boolean up, Optional<InetSocketAddress> address) {
        public Listener {
            requireNonNull(address, "address is null");
        }
    }

    /** @param state the plugin's lifecycle state as the plugin host names it, e.g. {@code STARTED} */
    public record Plugin(String id, String version, String state) {
        public Plugin {
            requireNonNull(id, "id is null");
            requireNonNull(version, "version is null");
            requireNonNull(state, "state is null");
        }
    }

    /**
     * A storage or WireGuard extension, by name, whether its last check reached it, and what it reports about
     * itself ({@code GatewayStorage.healthDetails}; informational, never part of {@link #isUp()}).
     */
    public record Component(String name, boolean reachable, Map<String, String> details) {
        public Component {
            requireNonNull(name, "name is null");
            details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details is null")));
        }

        public Component(String name, boolean reachable) {
            this(name, reachable, Map.of());
        }
    }

    /**
     * @param verifiers the enabled verifiers' names
     * @param acceptsAnyCredential an enabled verifier accepts every credential (mock): a test gateway
     */
    public record Ecash(List<String> verifiers, boolean acceptsAnyCredential) {
        public Ecash {
            verifiers = List.copyOf(requireNonNull(verifiers, "verifiers is null"));
        }
    }
}
