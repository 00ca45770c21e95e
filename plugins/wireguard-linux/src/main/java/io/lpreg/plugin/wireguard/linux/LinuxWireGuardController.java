package io.lpreg.plugin.wireguard.linux;

import io.lpreg.plugin.wireguard.linux.WireGuardLinuxSettings.Backend;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.PluginMetrics;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import jakarta.inject.Inject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.util.Objects.requireNonNull;

/**
 * WireGuard peers on a Linux interface through one of three backends (README.md): the userspace API
 * socket, the {@code wg} tool, or a wireguard-go this controller runs itself. Everything that can fail on
 * the configuration or the interface fails in the constructor, so the gateway does not start half-working.
 */
@Extension
public final class LinuxWireGuardController implements WireGuardController, AutoCloseable {
    public static final String NAME = "wireguard-linux";
    private static final Logger log = LoggerFactory.getLogger(LinuxWireGuardController.class);

    private final WireGuardLinuxSettings settings;
    private final InterfaceClient client;
    private final Optional<WireGuardGoSupervisor> supervisor;
    private final WireGuardKey publicKey;
    /** Peer changes share it; setting up a restarted wireguard-go takes it alone, so no change slips between. */
    private final ReadWriteLock configuration = new ReentrantReadWriteLock();
    /** What a restarted wireguard-go is given back (managed backend only): every peer set and not removed. */
    private final Map<WireGuardKey, PeerConfig> applied = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PluginMetrics.Counter peersAdded;
    private final PluginMetrics.Counter peersRemoved;
    private final PluginMetrics.Counter failures;

    @Inject
    public LinuxWireGuardController(PluginConfig config, PluginMetrics metrics) throws WireGuardException {
        this(WireGuardLinuxSettings.from(requireNonNull(config, "config is null")), metrics);
    }

    public LinuxWireGuardController(WireGuardLinuxSettings settings, PluginMetrics metrics) throws WireGuardException {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(metrics, "metrics is null");
        this.peersAdded = metrics.counter("wireguard_peers_added", "WireGuard peers added or updated on the interface");
        this.peersRemoved = metrics.counter("wireguard_peers_removed", "WireGuard peers removed from the interface");
        this.failures = metrics.counter("wireguard_failures", "WireGuard operations the interface refused or missed");
        PluginMetrics.Counter restarts = metrics.counter("wireguard_go_restarts", "times wireguard-go was restarted");
        this.client = switch (settings.backend()) {
            case UAPI, WIREGUARD_GO -> new UapiClient(settings.interfaceName(), settings.socket(),
                    settings.commandTimeout());
            case WG -> new WgCommandClient(settings.interfaceName(), settings.wg(), settings::inNetns,
                    settings.commandTimeout());
        };
        if (settings.backend() == Backend.WIREGUARD_GO) {
            WireGuardPrivateKey key = loadKey();
            WireGuardGoSupervisor managed = new WireGuardGoSupervisor(settings, (UapiClient) client,
                    () -> setUp(key), restarts::increment);
            managed.start();
            this.supervisor = Optional.of(managed);
            this.publicKey = key.publicKey();
        } else {
            this.supervisor = Optional.empty();
            this.publicKey = adopt();
        }
        LiveControllers.add(this);
        log.info("WireGuard interface {} ({} backend), public key {}, announced endpoint {}", settings.interfaceName(),
                settings.backend().configName(), publicKey, endpointText());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Read once at start: the key of an interface does not change under a running gateway. */
    @Override
    public WireGuardKey publicKey() {
        return publicKey;
    }

    @Override
    public InetSocketAddress endpoint() {
        return settings.endpoint();
    }

    @Override
    public void addPeer(PeerConfig peer) throws WireGuardException {
        requireNonNull(peer, "peer is null");
        Lock lock = configuration.readLock();
        lock.lock();
        try {
            requireUp();
            client.setPeer(peer);
            if (supervisor.isPresent()) {
                applied.put(peer.publicKey(), peer);
            }
        } catch (WireGuardException e) {
            failures.increment();
            throw explained(e);
        } finally {
            lock.unlock();
        }
        peersAdded.increment();
    }

    @Override
    public void removePeer(WireGuardKey key) throws WireGuardException {
        requireNonNull(key, "key is null");
        // first: a peer the gateway let go must not come back with a restarted wireguard-go
        applied.remove(key);
        Lock lock = configuration.readLock();
        lock.lock();
        try {
            requireUp();
            client.removePeer(key);
        } catch (WireGuardException e) {
            failures.increment();
            throw explained(e);
        } finally {
            lock.unlock();
        }
        peersRemoved.increment();
    }

    @Override
    public List<PeerStats> peers() throws WireGuardException {
        try {
            requireUp();
            return client.dump().peers().stream().map(InterfaceDump.Peer::stats).toList();
        } catch (WireGuardException e) {
            failures.increment();
            throw explained(e);
        }
    }

    @Override
    public boolean isReachable() {
        try {
            requireUp();
            client.dump();
            return true;
        } catch (WireGuardException e) {
            return false;
        }
    }

    /**
     * Stops the wireguard-go this controller runs (its interface goes with it). An interface of the uapi and
     * wg backends belongs to the operator and keeps its peers; the next start reconciles them.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LiveControllers.remove(this);
            supervisor.ifPresent(WireGuardGoSupervisor::close);
        }
    }

    WireGuardLinuxSettings settings() {
        return settings;
    }

    /** The wireguard-go process id while the managed backend's interface is up. */
    OptionalLong wireGuardGoPid() {
        return supervisor.map(WireGuardGoSupervisor::pid).orElse(OptionalLong.empty());
    }

    /** A failure of the managed backend is best explained by wireguard-go's exit, when that is what happened. */
    private WireGuardException explained(WireGuardException failure) {
        if (supervisor.isPresent() && !closed.get()) {
            try {
                supervisor.get().requireRunning();
            } catch (WireGuardException down) {
                return down;
            }
        }
        return failure;
    }

    private void requireUp() throws WireGuardException {
        if (closed.get()) {
            throw new WireGuardException("the WireGuard controller of " + settings.interfaceName() + " is closed");
        }
        if (supervisor.isPresent()) {
            supervisor.get().requireRunning();
        }
    }

    /** uapi and wg: the interface is the operator's; a key-less one (fresh wireguard-go) gets the gateway's key. */
    private WireGuardKey adopt() throws WireGuardException {
        InterfaceDump dump = client.dump();
        if (dump.privateKey().isPresent()) {
            return dump.privateKey().get().publicKey();
        }
        WireGuardPrivateKey key = loadKey();
        client.configure(key, settings.listenPort());
        log.info("interface {} had no private key: gave it the gateway's key from {} and listen port {}",
                settings.interfaceName(), settings.privateKeyFile(), settings.listenPort());
        return key.publicKey();
    }

    /** wireguard-go: a fresh interface (first start or restart) gets key, port, addresses, link up and peers. */
    private void setUp(WireGuardPrivateKey key) throws WireGuardException {
        Lock lock = configuration.writeLock();
        lock.lock();
        try {
            client.configure(key, settings.listenPort());
            String name = settings.interfaceName();
            Commands.run(settings.ipCommand("address", "add", settings.addressV4().toString(), "dev", name), "",
                    settings.commandTimeout());
            Commands.run(settings.ipCommand("address", "add", settings.addressV6().toString(), "dev", name), "",
                    settings.commandTimeout());
            Commands.run(settings.ipCommand("link", "set", "dev", name, "up"), "", settings.commandTimeout());
            for (PeerConfig peer : applied.values()) {
                client.setPeer(peer);
            }
            if (!applied.isEmpty()) {
                log.info("re-applied {} peers to the restarted interface {}", applied.size(), name);
            }
        } finally {
            lock.unlock();
        }
    }

    private WireGuardPrivateKey loadKey() throws WireGuardException {
        try {
            return PrivateKeyFile.loadOrCreate(settings.privateKeyFile());
        } catch (IOException e) {
            throw new WireGuardException("cannot read or create the WireGuard private key file "
                    + settings.privateKeyFile() + ": " + e.getMessage(), e);
        }
    }

    private String endpointText() {
        InetSocketAddress endpoint = settings.endpoint();
        String host = IpPair.text(endpoint.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + endpoint.getPort();
    }
}
