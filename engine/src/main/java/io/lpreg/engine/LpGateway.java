package io.lpreg.engine;

import io.lpreg.engine.admin.AdminServer;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.identity.GatewayIdentity;
import io.lpreg.engine.listener.LpListener;
import io.lpreg.engine.metrics.GatewayHealth;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.MetricsServer;
import io.lpreg.engine.plugins.PluginHost;
import io.lpreg.engine.plugins.ResolvedExtensions;
import io.lpreg.engine.registration.SettlementOutbox;
import io.lpreg.spi.WireGuardController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The embeddable gateway: {@code LpGateway.builder().config(config).start()} returns a running gateway
 * with its bound address and keys; {@link #close()} shuts it down gracefully. Plugins come from the
 * configured folder, from objects passed to {@link Builder#extension(Object)}, or both.
 */
public final class LpGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LpGateway.class);
    /** The engine's version, as the build wrote it (see EngineVersion). */
    public static final String VERSION = EngineVersion.ofBuild();
    /** The admin socket's name in the data directory (docs/operations.md). */
    public static final String ADMIN_SOCKET = "admin.sock";

    private final GatewayConfig config;
    private final GatewayIdentity identity;
    private final GatewayMetrics metrics;
    private final PluginHost plugins;
    private final ResolvedExtensions extensions;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService scheduler;
    private final SettlementOutbox settlements;
    private final LpListener listener;
    private final MetricsServer metricsServer;
    private final AdminServer adminServer;
    private final ScheduledExecutorService gaugeChecks;
    private boolean closed;

    LpGateway(GatewayConfig config, GatewayIdentity identity, GatewayMetrics metrics, PluginHost plugins,
              ResolvedExtensions extensions, ThreadPoolExecutor workers, ScheduledExecutorService scheduler,
              SettlementOutbox settlements, LpListener listener, MetricsServer metricsServer, AdminServer adminServer,
              ScheduledExecutorService gaugeChecks) {
        this.config = config;
        this.identity = identity;
        this.metrics = metrics;
        this.plugins = plugins;
        this.extensions = extensions;
        this.workers = workers;
        this.scheduler = scheduler;
        this.settlements = settlements;
        this.listener = listener;
        this.metricsServer = metricsServer;
        this.adminServer = adminServer;
        this.gaugeChecks = gaugeChecks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the LP listener accepts connections (with the real port when configured with 0). */
    public InetSocketAddress address() {
        return listener.boundAddress();
    }

    /** The metrics endpoint, if enabled. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::boundAddress);
    }

    /** The gateway's Ed25519 identity public key. */
    public byte[] identityKey() {
        return identity.ed25519PublicKey();
    }

    /** The LP X25519 public key clients run the handshake against (derived from the identity). */
    public byte[] lpKey() {
        return identity.lpPublicKey();
    }

    /** The admin socket, if the endpoint runs (see {@link Builder#adminSocket}). */
    public Optional<Path> adminSocket() {
        return Optional.ofNullable(adminServer).map(AdminServer::path);
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public GatewayConfig config() {
        return config;
    }

    public GatewayHealth health() {
        return HealthReport.of(this.listener, plugins, extensions);
    }

    ResolvedExtensions extensions() {
        return extensions;
    }

    /** Stops accepting, finishes in-flight registrations within the grace period, stops plugins. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (adminServer != null) {
            adminServer.close();
        }
        listener.shutdown(config.listener().shutdownGrace());
        scheduler.shutdownNow();
        gaugeChecks.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(config.listener().shutdownGrace().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // before the storage stops: a round in progress still writes its results
        settlements.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        extensions.wireGuard().ifPresent(LpGateway::closeQuietly);
        extensions.storage().stop();
        plugins.close();
        log.info("gateway stopped");
    }

    static void closeQuietly(WireGuardController controller) {
        try {
            controller.close();
        } catch (RuntimeException e) {
            log.warn("closing WireGuard controller '{}' failed: {}", controller.name(), e.getMessage());
        }
    }

    public static final class Builder {
        private GatewayConfig config = GatewayConfig.defaults();
        private GatewayIdentity identity;
        private Clock clock = Clock.systemUTC();
        private Optional<Path> adminSocket;
        private final List<Object> extensions = new ArrayList<>();

        private Builder() {
        }

        public Builder config(GatewayConfig config) {
            this.config = requireNonNull(config, "config is null");
            return this;
        }

        /** The identity to use; by default it is loaded from (or created at) the configured identity file. */
        public Builder identity(GatewayIdentity identity) {
            this.identity = requireNonNull(identity, "identity is null");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /**
         * Where the admin endpoint listens; by default {@code <data dir>/admin.sock}. Empty: no admin endpoint
         * (an embedding application that offers its own).
         */
        public Builder adminSocket(Optional<Path> socket) {
            this.adminSocket = requireNonNull(socket, "socket is null");
            return this;
        }

        /** An extension object (verifier, storage, WireGuard controller or mode) used without PF4J. */
        public Builder extension(Object extension) {
            extensions.add(requireNonNull(extension, "extension is null"));
            return this;
        }

        public LpGateway start() throws GatewayStartupException {
            Optional<Path> socket = adminSocket != null ? adminSocket
                    : Optional.of(config.paths().dataDirectory().resolve(ADMIN_SOCKET));
            return GatewayStarter.start(config, identity, clock, List.copyOf(extensions), socket);
        }
    }
}
