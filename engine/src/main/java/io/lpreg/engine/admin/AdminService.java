package io.lpreg.engine.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lpreg.engine.metrics.GatewayHealth;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.MetricsServer;
import io.lpreg.engine.metrics.MetricsSummary;
import io.lpreg.engine.metrics.OperationalMetrics;
import io.lpreg.engine.metrics.OperationalMetrics.AdminAction;
import io.lpreg.engine.metrics.OperationalMetrics.AdminResult;
import io.lpreg.engine.registration.PeerRemoval;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The admin actions (docs/operations.md, "Admin commands"): one JSON request in, one JSON answer out. Every
 * answer has {@code result} ({@code ok}, {@code not_found}, {@code bad_request}, {@code failed}) and, unless ok,
 * an {@code error} for the operator. Every request is logged and counted.
 */
public final class AdminService {
    private static final Logger log = LoggerFactory.getLogger(AdminService.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final GatewayStorage storage;
    private final Optional<WireGuardController> wireGuard;
    private final PeerRemoval removal;
    private final Supplier<GatewayHealth> health;
    private final GatewayMetrics metrics;
    private final OperationalMetrics operational;
    private final Clock clock;
    private final String version;

    public AdminService(GatewayStorage storage, Optional<WireGuardController> wireGuard, PeerRemoval removal,
                        Supplier<GatewayHealth> health, GatewayMetrics metrics, OperationalMetrics operational,
                        Clock clock, String version) {
        this.storage = requireNonNull(storage, "storage is null");
        this.wireGuard = requireNonNull(wireGuard, "wireGuard is null");
        this.removal = requireNonNull(removal, "removal is null");
        this.health = requireNonNull(health, "health is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.operational = requireNonNull(operational, "operational is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.version = requireNonNull(version, "version is null");
    }

    /** @param caller who asked, for the log (the socket peer's user) */
    public ObjectNode handle(JsonNode request, String caller) {
        requireNonNull(request, "request is null");
        requireNonNull(caller, "caller is null");
        AdminAction action = AdminAction.of(request.path("action").asText(""));
        ObjectNode answer;
        try {
            answer = switch (action) {
                case PEERS_LIST -> ok().set("peers", JSON.valueToTree(peers(storage.peers())));
                case PEERS_SHOW -> showPeer(key(request));
                case PEERS_REMOVE -> removePeer(key(request));
                case POOL -> ok().set("pool", pool());
                case STATUS -> status();
                case UNKNOWN -> throw new BadRequest("unknown action '" + request.path("action").asText("")
                        + "' (peers_list, peers_show, peers_remove, pool, status)");
            };
        } catch (BadRequest e) {
            answer = failure(AdminResult.BAD_REQUEST, e.getMessage());
        } catch (StorageException e) {
            answer = failure(AdminResult.FAILED, "storage: " + e.getMessage());
        } catch (WireGuardException e) {
            answer = failure(AdminResult.FAILED, "WireGuard: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("admin action {} failed", action.label(), e);
            answer = failure(AdminResult.FAILED, "internal error: " + e);
        }
        AdminResult result = AdminResult.valueOf(answer.get("result").asText().toUpperCase(java.util.Locale.ROOT));
        operational.adminRequest(action, result);
        String key = request.hasNonNull("key") ? " " + request.get("key").asText() : "";
        if (result == AdminResult.OK) {
            log.info("admin {}{} by {}: ok", action.label(), key, caller);
        } else {
            log.warn("admin {}{} by {}: {}: {}", action.label(), key, caller, result.label(), answer.path("error").asText());
        }
        return answer;
    }

    private ObjectNode showPeer(WireGuardKey key) throws StorageException, WireGuardException {
        Optional<StoredPeer> peer = storage.peers().stream().filter(stored -> stored.publicKey().equals(key)).findFirst();
        if (peer.isEmpty()) {
            return failure(AdminResult.NOT_FOUND, "no peer with key " + key.base64());
        }
        return ok().set("peer", JSON.valueToTree(peers(List.of(peer.get())).getFirst()));
    }

    private ObjectNode removePeer(WireGuardKey key) throws StorageException, WireGuardException {
        Optional<StoredPeer> removed = removal.remove(key);
        if (removed.isEmpty()) {
            return failure(AdminResult.NOT_FOUND, "no peer with key " + key.base64());
        }
        ObjectNode answer = ok();
        answer.putObject("removed").put("key", key.base64())
                .put("ipv4", IpPair.text(removed.get().ips().ipv4()))
                .put("ipv6", IpPair.text(removed.get().ips().ipv6()));
        return answer;
    }

    private JsonNode pool() throws StorageException {
        Optional<IpPoolUsage> usage = storage.ipPoolUsage(clock.instant());
        if (usage.isEmpty()) {
            return JSON.nullNode();
        }
        usage.ifPresent(operational::poolUsage);
        ObjectNode pool = JSON.createObjectNode();
        for (String family : OperationalMetrics.FAMILIES) {
            pool.putObject(family).put("size", usage.get().size()).put("allocated", usage.get().allocated())
                    .put("quarantined", usage.get().quarantined()).put("free", usage.get().free());
        }
        return pool;
    }

    private ObjectNode status() throws StorageException {
        GatewayHealth current = health.get();
        ObjectNode answer = ok();
        answer.put("version", version);
        answer.set("health", MetricsServer.toJson(current));
        ObjectNode counts = answer.putObject("counts");
        MetricsSummary summary = metrics.summary();
        counts.put("active_connections", summary.activeConnections());
        counts.put("registrations_succeeded", summary.registrationsSucceededTotal());
        counts.put("registrations_failed", summary.registrationsFailedTotal());
        counts.put("handshakes_failed", summary.handshakesFailedTotal());
        if (current.storage().reachable()) {
            counts.put("peers_stored", storage.peers().size());
            answer.set("pool", pool());
        } else {
            counts.putNull("peers_stored");
            answer.putNull("pool");
        }
        if (wireGuard.isPresent()) {
            try {
                counts.put("peers_on_interface", wireGuard.get().peers().size());
            } catch (WireGuardException e) {
                counts.putNull("peers_on_interface");
            }
        } else {
            counts.putNull("peers_on_interface");
        }
        return answer;
    }

    /** A peer as the admin commands show it: storage's record, its balance, and the interface's counters. */
    public record PeerView(String key, String ipv4, String ipv6, long client, String createdAt, String updatedAt,
                           Long bandwidthBytes, String bandwidthExpiresAt, boolean onInterface, Long rxBytes,
                           Long txBytes, String lastHandshake) {
    }

    private List<PeerView> peers(List<StoredPeer> stored) throws StorageException, WireGuardException {
        Map<ClientId, Optional<Bandwidth>> balances = storage.inTransaction(transaction -> {
            Map<ClientId, Optional<Bandwidth>> byClient = new HashMap<>();
            for (StoredPeer peer : stored) {
                byClient.put(peer.client(), transaction.bandwidth(peer.client()));
            }
            return byClient;
        });
        Map<WireGuardKey, PeerStats> live = new HashMap<>();
        if (wireGuard.isPresent()) {
            for (PeerStats stats : wireGuard.get().peers()) {
                live.put(stats.publicKey(), stats);
            }
        }
        return stored.stream().map(peer -> {
            Optional<Bandwidth> balance = balances.getOrDefault(peer.client(), Optional.empty());
            Optional<PeerStats> stats = Optional.ofNullable(live.get(peer.publicKey()));
            return new PeerView(peer.publicKey().base64(), IpPair.text(peer.ips().ipv4()),
                    IpPair.text(peer.ips().ipv6()), peer.client().value(), peer.createdAt().toString(),
                    peer.updatedAt().toString(), balance.map(Bandwidth::availableBytes).orElse(null),
                    balance.map(b -> b.expiresAt().toString()).orElse(null), stats.isPresent(),
                    stats.map(PeerStats::rxBytes).orElse(null), stats.map(PeerStats::txBytes).orElse(null),
                    stats.flatMap(PeerStats::lastHandshake).map(Object::toString).orElse(null));
        }).toList();
    }

    private static WireGuardKey key(JsonNode request) throws BadRequest {
        String key = request.path("key").asText("");
        try {
            return WireGuardKey.fromBase64(key);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("not a WireGuard public key (32 bytes, Base64 as wg prints it): '" + key + "'");
        }
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("result", AdminResult.OK.label());
    }

    static ObjectNode failure(AdminResult result, String error) {
        return JSON.createObjectNode().put("result", result.label()).put("error", error);
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
