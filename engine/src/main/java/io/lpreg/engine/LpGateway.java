package io.lpreg.engine;

import io.lpreg.engine.admin.AdminServer;
import io.lpreg.engine.admin.AdminService;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.identity.GatewayIdentity;
import io.lpreg.engine.listener.ListenerSettings;
import io.lpreg.engine.listener.LpListener;
import io.lpreg.engine.metrics.GatewayHealth;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.MetricsServer;
import io.lpreg.engine.metrics.OperationalMetrics;
import io.lpreg.engine.plugins.ExtensionSelection;
import io.lpreg.engine.plugins.PluginHost;
import io.lpreg.engine.plugins.PluginHostSettings;
import io.lpreg.engine.plugins.PluginStartupException;
import io.lpreg.engine.plugins.ResolvedExtensions;
import io.lpreg.engine.registration.BandwidthMeter;
import io.lpreg.engine.registration.PeerClaims;
import io.lpreg.engine.registration.PeerRemoval;
import io.lpreg.engine.registration.Reconciler;
import io.lpreg.engine.registration.RegistrationPipeline;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.crypto.X25519Backends;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.WireGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * The embeddable gateway: {@code LpGateway.builder().config(config).start()} returns a running gateway
 * with its bound address and keys; {@link #close()} shuts it down gracefully. Plugins come from the
 * configured folder, from objects passed to {@link Builder#extension(Object)}, or both.
 */
public final class LpGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LpGateway.class);
    public static final String VERSION = "0.1.0";
    /** The admin socket's name in the data directory (docs/operations.md). */
    public static final String ADMIN_SOCKET = "admin.sock";
    private static final Duration GAUGE_INTERVAL = Duration.ofSeconds(5);

    private final GatewayConfig config;
    private final GatewayIdentity identity;
    private final GatewayMetrics metrics;
    private final PluginHost plugins;
    private final ResolvedExtensions extensions;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService scheduler;
    private final LpListener listener;
    private final MetricsServer metricsServer;
    private final AdminServer adminServer;
    private final ScheduledExecutorService gaugeChecks;
    private boolean closed;

    private LpGateway(GatewayConfig config, GatewayIdentity identity, GatewayMetrics metrics, PluginHost plugins,
                      ResolvedExtensions extensions, ThreadPoolExecutor workers, ScheduledExecutorService scheduler,
                      LpListener listener, MetricsServer metricsServer, AdminServer adminServer,
                      ScheduledExecutorService gaugeChecks) {
        this.config = config;
        this.identity = identity;
        this.metrics = metrics;
        this.plugins = plugins;
        this.extensions = extensions;
        this.workers = workers;
        this.scheduler = scheduler;
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
        if (metricsServer != null) {
            metricsServer.close();
        }
        extensions.wireGuard().ifPresent(LpGateway::closeQuietly);
        extensions.storage().stop();
        plugins.close();
        log.info("gateway stopped");
    }

    private static void closeQuietly(io.lpreg.spi.WireGuardController controller) {
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

    /** The start-up sequence, undone step by step when a step fails. */
    private static final class GatewayStarter {
        static LpGateway start(GatewayConfig config, GatewayIdentity givenIdentity, Clock clock, List<Object> embedded,
                               Optional<Path> adminSocket) throws GatewayStartupException {
            List<AutoCloseable> started = new ArrayList<>();
            // Chosen (and logged, one line) now rather than at the first handshake.
            X25519Backends.selection();
            try {
                Files.createDirectories(config.paths().dataDirectory());
                GatewayIdentity identity = givenIdentity != null ? givenIdentity
                        : GatewayIdentity.loadOrCreate(config.paths().identityFile());
                GatewayMetrics metrics = new GatewayMetrics();
                PluginHost plugins = PluginHost.start(new PluginHostSettings(config.paths().pluginsDirectory(), embedded,
                        config.plugins(), config.paths().dataDirectory(), clock, metrics::pluginMetrics,
                        Map.of(GatewayConfig.class, config), VERSION));
                started.add(plugins);
                ResolvedExtensions extensions = plugins.resolve(new ExtensionSelection(config.storage(), config.wireGuard(),
                        config.ecash().verifiers()));
                extensions.wireGuard().ifPresent(controller -> started.add(() -> closeQuietly(controller)));
                extensions.storage().start();
                started.add(() -> extensions.storage().stop());
                if (extensions.wireGuard().isPresent()) {
                    Reconciler.reconcile(extensions.storage(), extensions.wireGuard().get(),
                            config.registration().peerKeepalive());
                }

                ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("lpreg-scheduler"));
                started.add(scheduler::shutdownNow);
                // The meter's tick and an operator's peer removal never interleave (see PeerRemoval).
                ReentrantLock peerMaintenance = new ReentrantLock();
                RegistrationPipeline.PeerListener peerListener = key -> { };
                PeerClaims claims = new PeerClaims();
                if (extensions.wireGuard().isPresent()) {
                    BandwidthMeter meter = new BandwidthMeter(extensions.storage(), extensions.wireGuard().get(), clock,
                            config.registration().peerKeepalive(), claims);
                    peerListener = meter;
                    long period = config.bandwidth().meterInterval().toMillis();
                    scheduler.scheduleWithFixedDelay(() -> {
                        peerMaintenance.lock();
                        try {
                            meter.tick();
                        } catch (StorageException | WireGuardException | RuntimeException e) {
                            log.warn("bandwidth metering failed: {}", e.getMessage());
                        } finally {
                            peerMaintenance.unlock();
                        }
                    }, period, period, TimeUnit.MILLISECONDS);
                } else {
                    long period = config.bandwidth().meterInterval().toMillis();
                    scheduler.scheduleWithFixedDelay(() -> {
                        try {
                            extensions.storage().purgeExpired(clock.instant());
                        } catch (StorageException | RuntimeException e) {
                            log.warn("purging expired rows failed: {}", e.getMessage());
                        }
                    }, period, period, TimeUnit.MILLISECONDS);
                }
                TimestampWindow window = new TimestampWindow(config.listener().timestampTolerance());
                Optional<RegistrationPipeline.AnnouncedWireGuard> announced = Optional.empty();
                if (extensions.wireGuard().isPresent()) {
                    announced = Optional.of(RegistrationPipeline.AnnouncedWireGuard.of(extensions.wireGuard().get()));
                }
                RegistrationPipeline pipeline = new RegistrationPipeline(extensions.storage(), announced,
                        extensions.verifiersByScheme(), extensions.modesByName(), metrics, clock, window,
                        identity.ed25519PublicKey(), identity.lpKeyPair().privateKey(), peerListener, claims);
                ThreadPoolExecutor workers = new ThreadPoolExecutor(config.registration().workers(),
                        config.registration().workers(), 60, TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(config.registration().maxPending()), daemon("lpreg-registration"));
                started.add(workers::shutdownNow);

                LpListener listener = LpListener.start(new ListenerSettings(config.listener().bind(),
                        config.listener().maxConnections(), config.listener().connectionsPerSecondPerIp(),
                        config.listener().connectionBurstPerIp(), config.listener().handshakeTimeout(),
                        config.listener().connectionTimeout(), window, identity.lpKeyPair(), clock, metrics,
                        pipeline::register, workers));
                started.add(listener);
                OperationalMetrics operational = new OperationalMetrics(metrics.registry(), clock,
                        GAUGE_INTERVAL.multipliedBy(3), config.listener().maxConnections(), extensions.wireGuard().isPresent());
                GatewayGauges gauges = new GatewayGauges(extensions.storage(), extensions.wireGuard(), operational, clock);
                gauges.run();
                ScheduledExecutorService gaugeChecks = Executors.newSingleThreadScheduledExecutor(daemon("lpreg-gauges"));
                started.add(gaugeChecks::shutdownNow);
                gaugeChecks.scheduleWithFixedDelay(gauges, GAUGE_INTERVAL.toMillis(), GAUGE_INTERVAL.toMillis(),
                        TimeUnit.MILLISECONDS);
                MetricsServer metricsServer = null;
                if (config.metrics().enabled()) {
                    metricsServer = MetricsServer.start(config.metrics().bind(), metrics,
                            () -> HealthReport.of(listener, plugins, extensions));
                    started.add(metricsServer);
                }
                AdminServer adminServer = null;
                if (adminSocket.isPresent()) {
                    PeerRemoval removal = new PeerRemoval(extensions.storage(), extensions.wireGuard(), clock,
                            config.registration().peerKeepalive(), peerMaintenance);
                    AdminService admin = new AdminService(extensions.storage(), extensions.wireGuard(), removal,
                            () -> HealthReport.of(listener, plugins, extensions), metrics, operational, clock, VERSION);
                    try {
                        adminServer = AdminServer.start(adminSocket.get(), admin);
                    } catch (IOException e) {
                        // The gateway serves clients without it; the admin commands will say no gateway runs there.
                        log.warn("admin endpoint not started on {}: {}", adminSocket.get(), e.getMessage());
                    }
                }
                return new LpGateway(config, identity, metrics, plugins, extensions, workers, scheduler, listener,
                        metricsServer, adminServer, gaugeChecks);
            } catch (PluginStartupException | StorageException | WireGuardException | IOException e) {
                closeAll(started);
                throw new GatewayStartupException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeAll(started);
                throw new GatewayStartupException("interrupted while starting", e);
            } catch (RuntimeException e) {
                closeAll(started);
                throw new GatewayStartupException("gateway failed to start: " + e, e);
            }
        }

        private static void closeAll(List<AutoCloseable> started) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    log.warn("cleanup after a failed start: {}", e.getMessage());
                }
            }
        }

        private static java.util.concurrent.ThreadFactory daemon(String name) {
            AtomicInteger counter = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
