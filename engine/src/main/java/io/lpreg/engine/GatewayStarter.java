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
import io.lpreg.engine.registration.SettlementOutbox;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.crypto.X25519Backends;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.WireGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's start-up sequence, one step per part (extensions, peer maintenance, registration pipeline,
 * listener, gauges, metrics endpoint, admin endpoint); whatever started is undone in reverse order when a
 * later step fails.
 */
final class GatewayStarter {
    private static final Logger log = LoggerFactory.getLogger(GatewayStarter.class);
    private static final Duration GAUGE_INTERVAL = Duration.ofSeconds(5);

    private final GatewayConfig config;
    private final Clock clock;
    private final List<AutoCloseable> started = new ArrayList<>();
    // The meter's tick and an operator's peer removal never interleave (see PeerRemoval).
    private final ReentrantLock peerMaintenance = new ReentrantLock();
    private final PeerClaims claims = new PeerClaims();

    private GatewayStarter(GatewayConfig config, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    static LpGateway start(GatewayConfig config, GatewayIdentity givenIdentity, Clock clock, List<Object> embedded,
                           Optional<Path> adminSocket) throws GatewayStartupException {
        GatewayStarter starter = new GatewayStarter(config, clock);
        // Chosen (and logged, one line) now rather than at the first handshake.
        X25519Backends.selection();
        try {
            return starter.start(givenIdentity, embedded, adminSocket);
        } catch (PluginStartupException | StorageException | WireGuardException | IOException e) {
            starter.closeAll();
            throw new GatewayStartupException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            starter.closeAll();
            throw new GatewayStartupException("interrupted while starting", e);
        } catch (RuntimeException e) {
            starter.closeAll();
            throw new GatewayStartupException("gateway failed to start: " + e, e);
        }
    }

    private LpGateway start(GatewayIdentity givenIdentity, List<Object> embedded, Optional<Path> adminSocket)
            throws PluginStartupException, StorageException, WireGuardException, IOException, InterruptedException {
        Files.createDirectories(config.paths().dataDirectory());
        GatewayIdentity identity = givenIdentity != null ? givenIdentity
                : GatewayIdentity.loadOrCreate(config.paths().identityFile());
        GatewayMetrics metrics = new GatewayMetrics();
        PluginHost plugins = startPlugins(embedded, metrics);
        ResolvedExtensions extensions = startExtensions(plugins);

        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("lpreg-scheduler"));
        started.add(scheduler::shutdownNow);
        RegistrationPipeline.PeerListener peerListener = schedulePeerMaintenance(scheduler, extensions);
        TimestampWindow window = new TimestampWindow(config.listener().timestampTolerance());
        SettlementOutbox settlements = startSettlements(extensions, metrics);
        RegistrationPipeline pipeline = pipeline(extensions, metrics, identity, window, peerListener, settlements);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(config.registration().workers(),
                config.registration().workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.registration().maxPending()), daemon("lpreg-registration"));
        started.add(workers::shutdownNow);
        LpListener listener = startListener(identity, metrics, window, pipeline, workers);
        Supplier<GatewayHealth> health = () -> HealthReport.of(listener, plugins, extensions);

        OperationalMetrics operational = new OperationalMetrics(metrics.registry(), clock,
                GAUGE_INTERVAL.multipliedBy(3), config.listener().maxConnections(), extensions.wireGuard().isPresent());
        ScheduledExecutorService gaugeChecks = startGauges(extensions, operational);
        MetricsServer metricsServer = null;
        if (config.metrics().enabled()) {
            metricsServer = MetricsServer.start(config.metrics().bind(), metrics, health);
            started.add(metricsServer);
        }
        AdminServer adminServer = null;
        if (adminSocket.isPresent()) {
            adminServer = startAdmin(adminSocket.get(), extensions, health, metrics, operational);
        }
        return new LpGateway(config, identity, metrics, plugins, extensions, workers, scheduler, settlements, listener,
                metricsServer, adminServer, gaugeChecks);
    }

    private PluginHost startPlugins(List<Object> embedded, GatewayMetrics metrics) throws PluginStartupException {
        PluginHost plugins = PluginHost.start(new PluginHostSettings(config.paths().pluginsDirectory(), embedded,
                config.plugins(), config.paths().dataDirectory(), clock, metrics::pluginMetrics,
                Map.of(GatewayConfig.class, config), LpGateway.VERSION));
        started.add(plugins);
        return plugins;
    }

    /** The configured extensions, the storage started and the WireGuard peers reconciled with it. */
    private ResolvedExtensions startExtensions(PluginHost plugins)
            throws PluginStartupException, StorageException, WireGuardException {
        ResolvedExtensions extensions = plugins.resolve(new ExtensionSelection(config.storage(), config.wireGuard(),
                config.ecash().verifiers()));
        extensions.wireGuard().ifPresent(controller -> started.add(() -> LpGateway.closeQuietly(controller)));
        extensions.storage().start();
        started.add(() -> extensions.storage().stop());
        if (extensions.wireGuard().isPresent()) {
            Reconciler.reconcile(extensions.storage(), extensions.wireGuard().get(),
                    config.registration().peerKeepalive());
        }
        return extensions;
    }

    /**
     * With WireGuard, the bandwidth meter (which also removes spent and expired peers), its first reading taken
     * now, before the listener serves, and its tick; without, only the purge of expired rows. Returns what the
     * pipeline tells of each new peer.
     */
    private RegistrationPipeline.PeerListener schedulePeerMaintenance(ScheduledExecutorService scheduler,
                                                                      ResolvedExtensions extensions)
            throws WireGuardException {
        long period = config.bandwidth().meterInterval().toMillis();
        if (extensions.wireGuard().isEmpty()) {
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    extensions.storage().purgeExpired(clock.instant());
                } catch (StorageException | RuntimeException e) {
                    log.warn("purging expired rows failed: {}", e.getMessage());
                }
            }, period, period, TimeUnit.MILLISECONDS);
            return key -> { };
        }
        BandwidthMeter meter = new BandwidthMeter(extensions.storage(), extensions.wireGuard().get(), clock,
                config.registration().peerKeepalive(), claims);
        meter.takeFirstReading();
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
        return meter;
    }

    /**
     * The settlement outbox's drainer, on a thread of its own. It runs whatever the verifiers: a verifier's
     * reports stay in storage across restarts and configuration changes, and a claim on an empty outbox is cheap.
     */
    private SettlementOutbox startSettlements(ResolvedExtensions extensions, GatewayMetrics metrics) {
        SettlementOutbox settlements = new SettlementOutbox(extensions.storage(), extensions.verifiersByScheme(),
                metrics, clock, SettlementOutbox.Settings.of(config.ecash().settlementRetryMin(),
                config.ecash().settlementRetryMax()));
        settlements.start();
        started.add(settlements);
        return settlements;
    }

    private RegistrationPipeline pipeline(ResolvedExtensions extensions, GatewayMetrics metrics,
                                          GatewayIdentity identity, TimestampWindow window,
                                          RegistrationPipeline.PeerListener peerListener, SettlementOutbox settlements)
            throws WireGuardException, PluginStartupException {
        Optional<RegistrationPipeline.AnnouncedWireGuard> announced = Optional.empty();
        if (extensions.wireGuard().isPresent()) {
            announced = Optional.of(RegistrationPipeline.AnnouncedWireGuard.of(extensions.wireGuard().get()));
        }
        try {
            return new RegistrationPipeline(extensions.storage(), announced, extensions.verifiersByScheme(),
                    extensions.modesByName(), metrics, clock, window, identity.ed25519PublicKey(),
                    identity.lpKeyPair().privateKey(), peerListener, claims, settlements::wake);
        } catch (IllegalArgumentException e) {
            throw new PluginStartupException(e.getMessage(), e);
        }
    }

    private LpListener startListener(GatewayIdentity identity, GatewayMetrics metrics, TimestampWindow window,
                                     RegistrationPipeline pipeline, ThreadPoolExecutor workers)
            throws InterruptedException {
        GatewayConfig.Listener settings = config.listener();
        LpListener listener = LpListener.start(new ListenerSettings(settings.bind(), settings.maxConnections(),
                settings.connectionsPerSecondPerIp(), settings.connectionBurstPerIp(), settings.handshakeTimeout(),
                settings.connectionTimeout(), window, identity.lpKeyPair(), clock, metrics, pipeline::register,
                workers, settings.slots()));
        started.add(listener);
        return listener;
    }

    /** Checks the gauges once now, so the first scrape has them, then every {@link #GAUGE_INTERVAL}. */
    private ScheduledExecutorService startGauges(ResolvedExtensions extensions, OperationalMetrics operational) {
        GatewayGauges gauges = new GatewayGauges(extensions.storage(), extensions.wireGuard(), operational, clock);
        gauges.run();
        ScheduledExecutorService gaugeChecks = Executors.newSingleThreadScheduledExecutor(daemon("lpreg-gauges"));
        started.add(gaugeChecks::shutdownNow);
        gaugeChecks.scheduleWithFixedDelay(gauges, GAUGE_INTERVAL.toMillis(), GAUGE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return gaugeChecks;
    }

    /** The admin endpoint, or null when its socket cannot be opened: the gateway serves clients without it. */
    private AdminServer startAdmin(Path socket, ResolvedExtensions extensions, Supplier<GatewayHealth> health,
                                   GatewayMetrics metrics, OperationalMetrics operational) {
        PeerRemoval removal = new PeerRemoval(extensions.storage(), extensions.wireGuard(), clock,
                config.registration().peerKeepalive(), peerMaintenance);
        AdminService admin = new AdminService(extensions.storage(), extensions.wireGuard(), removal, health, metrics,
                operational, clock, LpGateway.VERSION);
        try {
            return AdminServer.start(socket, admin);
        } catch (IOException e) {
            // the admin commands will say no gateway runs there
            log.warn("admin endpoint not started on {}: {}", socket, e.getMessage());
            return null;
        }
    }

    private void closeAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("cleanup after a failed start: {}", e.getMessage());
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
