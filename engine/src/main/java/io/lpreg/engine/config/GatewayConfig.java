package io.lpreg.engine.config;

import io.lpreg.engine.listener.ConnectionSlots;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's configuration (docs/architecture.md §6). Every value has a documented default
 * ({@link #defaults()}, docs/configuration.md); {@code GatewayConfigLoader} reads the TOML file and applies
 * command-line overrides.
 */
public record GatewayConfig(Listener listener, Metrics metrics, Paths paths, Registration registration,
                            Ecash ecash, Bandwidth bandwidth, String storage, Optional<String> wireGuard,
                            Map<String, Map<String, String>> plugins) {
    public GatewayConfig {
        requireNonNull(listener, "listener is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(paths, "paths is null");
        requireNonNull(registration, "registration is null");
        requireNonNull(ecash, "ecash is null");
        requireNonNull(bandwidth, "bandwidth is null");
        requireNonBlank(storage, "storage");
        requireNonNull(wireGuard, "wireGuard is null").ifPresent(name -> requireNonBlank(name, "wireGuard"));
        plugins = copyPlugins(requireNonNull(plugins, "plugins is null"));
    }

    /** This configuration with the LP listener on {@code bind}. */
    public GatewayConfig withBind(InetSocketAddress bind) {
        return withListener(listener.withBind(bind));
    }

    public GatewayConfig withListener(Listener listener) {
        return new GatewayConfig(listener, metrics, paths, registration, ecash, bandwidth, storage, wireGuard, plugins);
    }

    public GatewayConfig withMetrics(Metrics metrics) {
        return new GatewayConfig(listener, metrics, paths, registration, ecash, bandwidth, storage, wireGuard, plugins);
    }

    /** This configuration with {@code /metrics} and {@code /health} served on {@code bind}. */
    public GatewayConfig withMetricsOn(InetSocketAddress bind) {
        return withMetrics(new Metrics(true, bind));
    }

    /** This configuration without the metrics endpoint. */
    public GatewayConfig withoutMetrics() {
        return withMetrics(new Metrics(false, metrics.bind()));
    }

    /** This configuration with its data in {@code dataDirectory}; the identity file follows it. */
    public GatewayConfig withDataDirectory(Path dataDirectory) {
        return withPaths(new Paths(dataDirectory, defaultIdentityFile(dataDirectory), paths.pluginsDirectory()));
    }

    public GatewayConfig withPluginsDirectory(Path pluginsDirectory) {
        return withPaths(new Paths(paths.dataDirectory(), paths.identityFile(), Optional.of(pluginsDirectory)));
    }

    public GatewayConfig withPaths(Paths paths) {
        return new GatewayConfig(listener, metrics, paths, registration, ecash, bandwidth, storage, wireGuard, plugins);
    }

    public GatewayConfig withRegistration(Registration registration) {
        return new GatewayConfig(listener, metrics, paths, registration, ecash, bandwidth, storage, wireGuard, plugins);
    }

    /** This configuration with exactly these e-cash verifiers enabled, by name. */
    public GatewayConfig withVerifiers(String... verifiers) {
        return new GatewayConfig(listener, metrics, paths, registration, ecash.withVerifiers(List.of(verifiers)),
                bandwidth, storage, wireGuard, plugins);
    }

    /** This configuration with a settlement that failed retried after {@code min}, doubling up to {@code max}. */
    public GatewayConfig withSettlementRetry(Duration min, Duration max) {
        return new GatewayConfig(listener, metrics, paths, registration, new Ecash(ecash.verifiers(), min, max),
                bandwidth, storage, wireGuard, plugins);
    }

    /** This configuration with peer traffic metered (and spent peers removed) every {@code meterInterval}. */
    public GatewayConfig withMeterInterval(Duration meterInterval) {
        return new GatewayConfig(listener, metrics, paths, registration, ecash, new Bandwidth(meterInterval), storage,
                wireGuard, plugins);
    }

    /** This configuration with the storage extension of that name (an object passed to the builder, or a plugin's). */
    public GatewayConfig withStorage(String storage) {
        return new GatewayConfig(listener, metrics, paths, registration, ecash, bandwidth, storage, wireGuard, plugins);
    }

    /** This configuration with the WireGuard controller of that name, which enables dVPN mode. */
    public GatewayConfig withWireGuard(String wireGuard) {
        return new GatewayConfig(listener, metrics, paths, registration, ecash, bandwidth, storage,
                Optional.of(wireGuard), plugins);
    }

    /** This configuration with {@code [plugins.<id>]} set to {@code section} (replacing one there was). */
    public GatewayConfig withPluginSection(String id, Map<String, String> section) {
        Map<String, Map<String, String>> sections = new TreeMap<>(plugins);
        sections.put(id, section);
        return new GatewayConfig(listener, metrics, paths, registration, ecash, bandwidth, storage, wireGuard, sections);
    }

    /**
     * {@code [listener]}: where and how the LP listener accepts connections (docs/wire-v1.md §14).
     *
     * @param bind default 0.0.0.0:41264
     * @param maxConnections default 10 000; above it a client gets {@code Busy}
     * @param connectionsPerSecondPerIp token-bucket refill for new connections per source IP, default 100
     * @param connectionBurstPerIp token-bucket size per source IP, default 200
     * @param handshakeTimeout default 15 s, from accept to the end of msg3
     * @param connectionTimeout default 60 s, the whole connection
     * @param timestampTolerance default 30 s, ClientHello and request timestamps
     * @param shutdownGrace default 10 s, for in-flight registrations at shutdown
     * @param slots caps on open connections per address, network and site, the hello deadline and how long a
     *              completed handshake makes its source preferred ({@link ConnectionSlots#defaults()})
     */
    public record Listener(InetSocketAddress bind, int maxConnections, int connectionsPerSecondPerIp,
                           int connectionBurstPerIp, Duration handshakeTimeout, Duration connectionTimeout,
                           Duration timestampTolerance, Duration shutdownGrace, ConnectionSlots slots) {
        public Listener {
            requireNonNull(bind, "bind is null");
            requirePositive(maxConnections, "maxConnections");
            requirePositive(connectionsPerSecondPerIp, "connectionsPerSecondPerIp");
            requirePositive(connectionBurstPerIp, "connectionBurstPerIp");
            requirePositive(handshakeTimeout, "handshakeTimeout");
            requirePositive(connectionTimeout, "connectionTimeout");
            requirePositive(timestampTolerance, "timestampTolerance");
            requirePositive(shutdownGrace, "shutdownGrace");
            requireNonNull(slots, "slots is null");
        }

        /** A listener with the default {@link ConnectionSlots}. */
        public Listener(InetSocketAddress bind, int maxConnections, int connectionsPerSecondPerIp,
                        int connectionBurstPerIp, Duration handshakeTimeout, Duration connectionTimeout,
                        Duration timestampTolerance, Duration shutdownGrace) {
            this(bind, maxConnections, connectionsPerSecondPerIp, connectionBurstPerIp, handshakeTimeout,
                    connectionTimeout, timestampTolerance, shutdownGrace, ConnectionSlots.defaults());
        }

        /** This listener refusing connections (with {@code Busy}) above {@code maxConnections}. */
        public Listener withMaxConnections(int maxConnections) {
            return new Listener(bind, maxConnections, connectionsPerSecondPerIp, connectionBurstPerIp, handshakeTimeout,
                    connectionTimeout, timestampTolerance, shutdownGrace, slots);
        }

        public Listener withTimeouts(Duration handshakeTimeout, Duration connectionTimeout) {
            return new Listener(bind, maxConnections, connectionsPerSecondPerIp, connectionBurstPerIp, handshakeTimeout,
                    connectionTimeout, timestampTolerance, shutdownGrace, slots);
        }

        public Listener withBind(InetSocketAddress bind) {
            return new Listener(bind, maxConnections, connectionsPerSecondPerIp, connectionBurstPerIp, handshakeTimeout,
                    connectionTimeout, timestampTolerance, shutdownGrace, slots);
        }

        /** This listener with new connections per source limited to {@code perSecond}, bursts of {@code burst}. */
        public Listener withConnectionRate(int perSecond, int burst) {
            return new Listener(bind, maxConnections, perSecond, burst, handshakeTimeout, connectionTimeout,
                    timestampTolerance, shutdownGrace, slots);
        }

        public Listener withShutdownGrace(Duration shutdownGrace) {
            return new Listener(bind, maxConnections, connectionsPerSecondPerIp, connectionBurstPerIp, handshakeTimeout,
                    connectionTimeout, timestampTolerance, shutdownGrace, slots);
        }

        /** This listener sharing its slots between sources as {@code slots} says. */
        public Listener withSlots(ConnectionSlots slots) {
            return new Listener(bind, maxConnections, connectionsPerSecondPerIp, connectionBurstPerIp, handshakeTimeout,
                    connectionTimeout, timestampTolerance, shutdownGrace, slots);
        }
    }

    /** {@code [metrics]}: {@code /metrics} and {@code /health}; default enabled on 127.0.0.1:9464. */
    public record Metrics(boolean enabled, InetSocketAddress bind) {
        public Metrics {
            requireNonNull(bind, "bind is null");
        }
    }

    /**
     * Files: data directory (default {@code ./lpreg-data}), identity key file (default
     * {@code <data>/identity.key}), plugins folder (default none: only embedded and built-in extensions).
     */
    public record Paths(Path dataDirectory, Path identityFile, Optional<Path> pluginsDirectory) {
        public Paths {
            requireNonNull(dataDirectory, "dataDirectory is null");
            requireNonNull(identityFile, "identityFile is null");
            requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        }
    }

    /**
     * {@code [registration]}.
     *
     * @param workers threads that run registrations off the event loop, default 16
     * @param maxPending registrations queued beyond the workers before new ones are refused, default 1024
     * @param peerKeepalive the WireGuard persistent keepalive configured on peers, default 25 s
     */
    public record Registration(int workers, int maxPending, Duration peerKeepalive) {
        public Registration {
            requirePositive(workers, "workers");
            requirePositive(maxPending, "maxPending");
            requirePositive(peerKeepalive, "peerKeepalive");
        }

        public Registration withMaxPending(int maxPending) {
            return new Registration(workers, maxPending, peerKeepalive);
        }
    }

    /**
     * {@code [ecash]}: the verifiers to enable by name, and how the settlement outbox retries a spend its
     * scheme's network has not decided yet.
     *
     * @param verifiers default none (mock needs an explicit "mock")
     * @param settlementRetryMin the first retry's delay, default 5 s; each further one doubles it
     * @param settlementRetryMax the longest delay between two attempts, default 5 min
     */
    public record Ecash(List<String> verifiers, Duration settlementRetryMin, Duration settlementRetryMax) {
        public static final Duration DEFAULT_SETTLEMENT_RETRY_MIN = Duration.ofSeconds(5);
        public static final Duration DEFAULT_SETTLEMENT_RETRY_MAX = Duration.ofMinutes(5);

        public Ecash {
            verifiers = List.copyOf(requireNonNull(verifiers, "verifiers is null"));
            verifiers.forEach(name -> requireNonBlank(name, "verifier name"));
            if (verifiers.stream().distinct().count() != verifiers.size()) {
                throw new IllegalArgumentException("verifiers are listed twice: " + verifiers);
            }
            requirePositive(settlementRetryMin, "settlementRetryMin");
            requirePositive(settlementRetryMax, "settlementRetryMax");
            if (settlementRetryMax.compareTo(settlementRetryMin) < 0) {
                throw new IllegalArgumentException("settlementRetryMax " + settlementRetryMax
                        + " is shorter than settlementRetryMin " + settlementRetryMin);
            }
        }

        /** These verifiers, the settlement retry at its defaults. */
        public Ecash(List<String> verifiers) {
            this(verifiers, DEFAULT_SETTLEMENT_RETRY_MIN, DEFAULT_SETTLEMENT_RETRY_MAX);
        }

        public Ecash withVerifiers(List<String> verifiers) {
            return new Ecash(verifiers, settlementRetryMin, settlementRetryMax);
        }
    }

    /** {@code [bandwidth]}: how often peer traffic is metered and spent peers removed, default 10 s. */
    public record Bandwidth(Duration meterInterval) {
        public Bandwidth {
            requirePositive(meterInterval, "meterInterval");
        }
    }

    /** The file {@code [paths] identity} defaults to: it follows the data directory. */
    public static Path defaultIdentityFile(Path dataDirectory) {
        return dataDirectory.resolve("identity.key");
    }

    public static GatewayConfig defaults() {
        Path data = Path.of("lpreg-data");
        return new GatewayConfig(
                new Listener(new InetSocketAddress("0.0.0.0", 41264), 10_000, 100, 200,
                        Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10)),
                new Metrics(true, new InetSocketAddress("127.0.0.1", 9464)),
                new Paths(data, defaultIdentityFile(data), Optional.empty()),
                new Registration(16, 1024, Duration.ofSeconds(25)),
                new Ecash(List.of()),
                new Bandwidth(Duration.ofSeconds(10)),
                "sqlite",
                Optional.empty(),
                Map.of());
    }

    private static Map<String, Map<String, String>> copyPlugins(Map<String, Map<String, String>> plugins) {
        Map<String, Map<String, String>> copy = new TreeMap<>();
        plugins.forEach((id, section) -> copy.put(requireNonBlank(id, "plugin id"),
                Map.copyOf(requireNonNull(section, "plugin section is null"))));
        return Collections.unmodifiableMap(copy);
    }

    private static String requireNonBlank(String value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
