package io.lpreg.engine.metrics;

import io.lpreg.spi.PluginMetrics;
import io.lpreg.spi.RejectionReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's Prometheus metrics (docs/architecture.md §7), in a registry of its own so that several embedded
 * gateways can share a JVM. Label values come from enums or from names closed by configuration (modes,
 * plugin ids), never from what a peer sent. Counters are named without {@code _total}; the client library
 * appends it when exposing them.
 */
public final class GatewayMetrics {
    /** Rejection reasons a verifier may give, plus the engine's own. */
    public static final Set<String> CREDENTIAL_REJECTION_REASONS = credentialRejectionReasons();

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    // Every name a request can route on (docs/wire-v2.md): a mode the wire reaches is always a valid label.
    private static final Pattern MODE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern PLUGIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter connections;
    private final Gauge activeConnections;
    private final Histogram connectionDuration;
    private final Counter handshakesSucceeded;
    private final Counter handshakesFailed;
    private final Histogram handshakeDuration;
    private final Counter registrationAttempts;
    private final Counter registrationsSucceeded;
    private final Counter registrationsFailed;
    private final Histogram registrationDuration;
    private final Counter bandwidthAllocated;
    private final Counter credentialsVerified;
    private final Counter credentialsRejected;
    private final Counter settlements;
    private final Counter settlementVotes;
    private final Counter settlementPenaltyBytes;
    private final ConcurrentMap<String, Counter> pluginCounters = new ConcurrentHashMap<>();

    /** With the JVM metrics (memory, GC, threads, ...) registered as well. */
    public GatewayMetrics() {
        this(true);
    }

    /**
     * Without the JVM metrics: for embedders and tests that create many instances, since
     * {@link JvmMetrics} keeps every registry it was registered with (and its GC listeners) for the
     * life of the JVM.
     */
    public static GatewayMetrics withoutJvmMetrics() {
        return new GatewayMetrics(false);
    }

    private GatewayMetrics(boolean jvmMetrics) {
        connections = Counter.builder().name("lp_connections")
                .help("LP connections by how they ended").labelNames("result").register(registry);
        activeConnections = Gauge.builder().name("lp_active_lp_connections")
                .help("LP connections open now").register(registry);
        connectionDuration = Histogram.builder().name("lp_connection_duration_seconds")
                .help("Duration of LP connections, accept to close").classicOnly()
                .classicUpperBounds(0.01, 0.1, 1, 5, 10, 30).register(registry);
        handshakesSucceeded = Counter.builder().name("lp_handshakes_success")
                .help("Noise handshakes completed").register(registry);
        handshakesFailed = Counter.builder().name("lp_handshakes_failed")
                .help("Noise handshakes failed, by reason").labelNames("reason").register(registry);
        handshakeDuration = Histogram.builder().name("lp_handshake_duration_seconds")
                .help("Duration of successful handshakes, accept to msg 3").classicOnly()
                .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
        registrationAttempts = Counter.builder().name("lp_registration_attempts")
                .help("Registration requests received").register(registry);
        registrationsSucceeded = Counter.builder().name("lp_registration_success")
                .help("Registrations completed, by mode").labelNames("mode").register(registry);
        registrationsFailed = Counter.builder().name("lp_registration_failed")
                .help("Registrations failed, by reason").labelNames("reason").register(registry);
        registrationDuration = Histogram.builder().name("lp_registration_duration_seconds")
                .help("Duration of registrations, request to response, failed ones included").classicOnly()
                .classicUpperBounds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
        bandwidthAllocated = Counter.builder().name("lp_bandwidth_allocated_bytes")
                .help("Bandwidth granted to registered clients, in bytes").register(registry);
        credentialsVerified = Counter.builder().name("lp_credential_verification_success")
                .help("E-cash credentials accepted").register(registry);
        credentialsRejected = Counter.builder().name("lp_credential_verification_failed")
                .help("E-cash credentials rejected, by reason").labelNames("reason").register(registry);
        settlements = Counter.builder().name("lp_settlements")
                .help("Attempts to settle a reported spend with its scheme's network, by scheme and outcome")
                .labelNames("scheme", "outcome").register(registry);
        settlementVotes = Counter.builder().name("lp_settlement_votes")
                .help("Signers' votes on reported spends, by scheme and vote").labelNames("scheme", "vote")
                .register(registry);
        settlementPenaltyBytes = Counter.builder().name("lp_settlement_penalty_bytes")
                .help("Bytes taken off client balances for spends their scheme's network rejected").register(registry);

        // Every known label value is exposed at zero from the start, so rate() sees the first event.
        for (ConnectionResult result : ConnectionResult.values()) {
            connections.labelValues(result.label());
        }
        for (HandshakeFailure failure : HandshakeFailure.values()) {
            handshakesFailed.labelValues(failure.label());
        }
        for (RegistrationFailure failure : RegistrationFailure.values()) {
            registrationsFailed.labelValues(failure.label());
        }
        for (String reason : CREDENTIAL_REJECTION_REASONS) {
            credentialsRejected.labelValues(reason);
        }
        if (jvmMetrics) {
            JvmMetrics.builder().register(registry);
        }
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void connectionOpened() {
        activeConnections.inc();
    }

    public void connectionClosed(ConnectionResult result, Duration duration) {
        requireNonNull(result, "result is null");
        double seconds = seconds(duration);
        activeConnections.dec();
        connections.labelValues(result.label()).inc();
        connectionDuration.observe(seconds);
    }

    /** A connection refused before it counted as active: only {@code BUSY}, {@code RATE_LIMITED}, {@code SOURCE_CAP}. */
    public void connectionRefused(ConnectionResult result) {
        requireNonNull(result, "result is null");
        if (result != ConnectionResult.BUSY && result != ConnectionResult.RATE_LIMITED
                && result != ConnectionResult.SOURCE_CAP) {
            throw new IllegalArgumentException("a refused connection is busy, rate_limited or source_cap, not "
                    + result.label());
        }
        connections.labelValues(result.label()).inc();
    }

    public void handshakeSucceeded(Duration duration) {
        double seconds = seconds(duration);
        handshakesSucceeded.inc();
        handshakeDuration.observe(seconds);
    }

    public void handshakeFailed(HandshakeFailure reason) {
        requireNonNull(reason, "reason is null");
        handshakesFailed.labelValues(reason.label()).inc();
    }

    public void registrationAttempted() {
        registrationAttempts.inc();
    }

    /**
     * Exposes {@code lp_registration_success_total{mode}} at zero for each mode the gateway serves; until a
     * mode is declared or first succeeds, the metric has no series for it.
     */
    public void declareModes(Collection<String> modes) {
        requireNonNull(modes, "modes is null");
        modes.forEach(mode -> registrationsSucceeded.labelValues(checkedMode(mode)));
    }

    /** {@code mode} is a registered mode's name ({@code [a-z0-9][a-z0-9._-]*}), closed by configuration. */
    public void registrationSucceeded(String mode, Duration duration, long allocatedBytes) {
        checkedMode(mode);
        if (allocatedBytes < 0) {
            throw new IllegalArgumentException("allocatedBytes is negative: " + allocatedBytes);
        }
        double seconds = seconds(duration);
        registrationsSucceeded.labelValues(mode).inc();
        registrationDuration.observe(seconds);
        bandwidthAllocated.inc(allocatedBytes);
    }

    public void registrationFailed(RegistrationFailure reason, Duration duration) {
        requireNonNull(reason, "reason is null");
        double seconds = seconds(duration);
        registrationsFailed.labelValues(reason.label()).inc();
        registrationDuration.observe(seconds);
    }

    public void credentialVerified() {
        credentialsVerified.inc();
    }

    /**
     * @param reason a {@link RejectionReason#label()}, {@code verifier_error} or {@code no_verifier}
     * @throws IllegalArgumentException for anything else
     */
    public void credentialRejected(String reason) {
        requireNonNull(reason, "reason is null");
        if (!CREDENTIAL_REJECTION_REASONS.contains(reason)) {
            throw new IllegalArgumentException("not a credential rejection reason: " + reason
                    + " (one of " + CREDENTIAL_REJECTION_REASONS + ")");
        }
        credentialsRejected.labelValues(reason).inc();
    }

    /**
     * Exposes the settlement series at zero for each scheme a verifier serves; a scheme not declared gets its
     * series on its first settlement.
     */
    public void declareSettlementSchemes(Collection<String> schemes) {
        requireNonNull(schemes, "schemes is null");
        for (String scheme : schemes) {
            checkedScheme(scheme);
            for (SettlementOutcome outcome : SettlementOutcome.values()) {
                settlements.labelValues(scheme, outcome.label());
            }
            settlementVotes.labelValues(scheme, "accept");
            settlementVotes.labelValues(scheme, "reject");
        }
    }

    /** {@code scheme} is a credential scheme a verifier served ({@code [A-Za-z0-9][A-Za-z0-9._-]*}). */
    public void settlementAttempted(String scheme, SettlementOutcome outcome) {
        requireNonNull(outcome, "outcome is null");
        settlements.labelValues(checkedScheme(scheme), outcome.label()).inc();
    }

    public void settlementVotes(String scheme, int accepted, int rejected) {
        checkedScheme(scheme);
        if (accepted < 0 || rejected < 0) {
            throw new IllegalArgumentException("a vote count is negative: " + accepted + ", " + rejected);
        }
        settlementVotes.labelValues(scheme, "accept").inc(accepted);
        settlementVotes.labelValues(scheme, "reject").inc(rejected);
    }

    public void settlementPenalty(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes is negative: " + bytes);
        }
        settlementPenaltyBytes.inc(bytes);
    }

    /**
     * The counters of one plugin: {@code counter("peers_removed", ...)} is exposed as
     * {@code lp_plugin_peers_removed_total{plugin="<pluginId>"}}. Plugins asking for the same name share
     * the metric (the first help text wins) and differ by their label.
     */
    public PluginMetrics pluginMetrics(String pluginId) {
        requireNonNull(pluginId, "pluginId is null");
        if (!PLUGIN_ID.matcher(pluginId).matches()) {
            throw new IllegalArgumentException("not a plugin id: " + pluginId);
        }
        return (name, help) -> {
            requireNonNull(name, "name is null");
            requireNonNull(help, "help is null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a plugin counter name is lower snake case [a-z][a-z0-9_]*: " + name);
            }
            if (name.endsWith("_total")) {
                throw new IllegalArgumentException("a plugin counter name must not end in _total, it is added: " + name);
            }
            Counter counter = pluginCounters.computeIfAbsent(name, key -> Counter.builder()
                    .name("lp_plugin_" + key).help(help).labelNames("plugin").register(registry));
            var series = counter.labelValues(pluginId);
            return series::inc;
        };
    }

    public MetricsSummary summary() {
        Map<ConnectionResult, Long> connectionsByResult = new EnumMap<>(ConnectionResult.class);
        Map<String, Long> byResult = byLabel(connections, "result");
        for (ConnectionResult result : ConnectionResult.values()) {
            connectionsByResult.put(result, byResult.getOrDefault(result.label(), 0L));
        }
        Map<HandshakeFailure, Long> handshakesByReason = new EnumMap<>(HandshakeFailure.class);
        Map<String, Long> byHandshakeReason = byLabel(handshakesFailed, "reason");
        for (HandshakeFailure failure : HandshakeFailure.values()) {
            handshakesByReason.put(failure, byHandshakeReason.getOrDefault(failure.label(), 0L));
        }
        Map<RegistrationFailure, Long> registrationsByReason = new EnumMap<>(RegistrationFailure.class);
        Map<String, Long> byRegistrationReason = byLabel(registrationsFailed, "reason");
        for (RegistrationFailure failure : RegistrationFailure.values()) {
            registrationsByReason.put(failure, byRegistrationReason.getOrDefault(failure.label(), 0L));
        }
        return new MetricsSummary(
                (long) activeConnections.get(),
                connectionsByResult,
                (long) handshakesSucceeded.get(),
                handshakesByReason,
                (long) registrationAttempts.get(),
                byLabel(registrationsSucceeded, "mode"),
                registrationsByReason,
                (long) bandwidthAllocated.get(),
                (long) credentialsVerified.get(),
                byLabel(credentialsRejected, "reason"));
    }

    private static Map<String, Long> byLabel(Counter counter, String labelName) {
        Map<String, Long> counts = new HashMap<>();
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.collect().getDataPoints()) {
            counts.put(point.getLabels().get(labelName), (long) point.getValue());
        }
        return counts;
    }

    private static String checkedMode(String mode) {
        requireNonNull(mode, "mode is null");
        if (!MODE.matcher(mode).matches()) {
            throw new IllegalArgumentException("not a mode name: " + mode);
        }
        return mode;
    }

    private static String checkedScheme(String scheme) {
        requireNonNull(scheme, "scheme is null");
        if (!SCHEME.matcher(scheme).matches()) {
            throw new IllegalArgumentException("not a credential scheme: " + scheme);
        }
        return scheme;
    }

    private static double seconds(Duration duration) {
        requireNonNull(duration, "duration is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration is negative: " + duration);
        }
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    private static Set<String> credentialRejectionReasons() {
        Set<String> reasons = new LinkedHashSet<>();
        Stream.of(RejectionReason.values()).map(RejectionReason::label).forEach(reasons::add);
        reasons.add("verifier_error");
        reasons.add("no_verifier");
        return Collections.unmodifiableSet(reasons);
    }
}
