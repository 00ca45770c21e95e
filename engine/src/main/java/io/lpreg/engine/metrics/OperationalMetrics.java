package io.lpreg.engine.metrics;

import io.lpreg.spi.IpPoolUsage;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What an operator watches besides the traffic (docs/metrics.md): the IP pool per address family, the peers on
 * the interface, whether storage and WireGuard answer, the connection cap, and every admin request. The gauges
 * are set by a periodic check ({@code GatewayGauges}), never by a scrape, so a scrape never waits on storage; a
 * check that has not reported for {@code staleAfter} reads as "down".
 */
public final class OperationalMetrics {
    /** Address families of the pool: a peer holds one address of each, so both have the same counts. */
    public static final List<String> FAMILIES = List.of("ipv4", "ipv6");

    private final Clock clock;
    private final Duration staleAfter;
    private final Gauge poolSize;
    private final Gauge poolAllocated;
    private final Gauge poolQuarantined;
    private final Gauge poolFree;
    private final Gauge peers;
    private final Counter adminRequests;
    private volatile Check storage = new Check(false, Instant.MIN);
    private volatile Check wireGuard = new Check(false, Instant.MIN);

    private record Check(boolean up, Instant at) {
    }

    public OperationalMetrics(PrometheusRegistry registry, Clock clock, Duration staleAfter, int maxConnections,
                              boolean wireGuardConfigured) {
        requireNonNull(registry, "registry is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.staleAfter = requireNonNull(staleAfter, "staleAfter is null");
        poolSize = Gauge.builder().name("lp_ip_pool_size")
                .help("Addresses of the tunnel IP pool, by family").labelNames("family").register(registry);
        poolAllocated = Gauge.builder().name("lp_ip_pool_allocated")
                .help("Pool addresses held by peers, by family").labelNames("family").register(registry);
        poolQuarantined = Gauge.builder().name("lp_ip_pool_quarantined")
                .help("Released pool addresses not yet handed out again, by family").labelNames("family").register(registry);
        poolFree = Gauge.builder().name("lp_ip_pool_free")
                .help("Pool addresses a registration may take now, by family").labelNames("family").register(registry);
        peers = Gauge.builder().name("lp_peers")
                .help("Peers on the WireGuard interface (0 without WireGuard)").register(registry);
        Gauge.builder().name("lp_max_connections")
                .help("The configured cap on open LP connections").register(registry).set(maxConnections);
        GaugeWithCallback.builder().name("lp_storage_up")
                .help("1 if the last storage check reached the storage, else 0")
                .callback(callback -> callback.call(isUp(storage) ? 1 : 0)).register(registry);
        if (wireGuardConfigured) {
            GaugeWithCallback.builder().name("lp_wireguard_up")
                    .help("1 if the last check reached the WireGuard interface, else 0")
                    .callback(callback -> callback.call(isUp(wireGuard) ? 1 : 0)).register(registry);
        }
        adminRequests = Counter.builder().name("lp_admin_requests")
                .help("Admin endpoint requests, by action and result").labelNames("action", "result").register(registry);
        for (AdminAction action : AdminAction.values()) {
            for (AdminResult result : AdminResult.values()) {
                adminRequests.labelValues(action.label(), result.label());
            }
        }
    }

    public void storageChecked(boolean up) {
        storage = new Check(up, clock.instant());
    }

    public void wireGuardChecked(boolean up) {
        wireGuard = new Check(up, clock.instant());
    }

    /** Nothing reported (the storage keeps no pool report) leaves the pool series out. */
    public void poolUsage(IpPoolUsage usage) {
        requireNonNull(usage, "usage is null");
        for (String family : FAMILIES) {
            poolSize.labelValues(family).set(usage.size());
            poolAllocated.labelValues(family).set(usage.allocated());
            poolQuarantined.labelValues(family).set(usage.quarantined());
            poolFree.labelValues(family).set(usage.free());
        }
    }

    public void peersOnInterface(int count) {
        peers.set(count);
    }

    public void adminRequest(AdminAction action, AdminResult result) {
        requireNonNull(action, "action is null");
        requireNonNull(result, "result is null");
        adminRequests.labelValues(action.label(), result.label()).inc();
    }

    private boolean isUp(Check check) {
        return check.up() && !check.at().plus(staleAfter).isBefore(clock.instant());
    }

    /** What an admin request asked for; {@code UNKNOWN} for anything else (a closed label set). */
    public enum AdminAction {
        PEERS_LIST("peers_list"), PEERS_SHOW("peers_show"), PEERS_REMOVE("peers_remove"), POOL("pool"),
        STATUS("status"), UNKNOWN("unknown");

        private final String label;

        AdminAction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The action named {@code label} on the admin socket. */
        public static AdminAction of(String label) {
            for (AdminAction action : values()) {
                if (action != UNKNOWN && action.label.equals(label)) {
                    return action;
                }
            }
            return UNKNOWN;
        }
    }

    public enum AdminResult {
        OK("ok"), NOT_FOUND("not_found"), BAD_REQUEST("bad_request"), FAILED("failed");

        private final String label;

        AdminResult(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
