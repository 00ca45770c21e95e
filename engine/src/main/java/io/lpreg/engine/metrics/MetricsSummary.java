package io.lpreg.engine.metrics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The headline numbers of a {@link GatewayMetrics} at one moment. The enum-keyed maps hold every value of
 * their enum (zero included); {@code registrationsSucceeded} holds the modes that succeeded at least once.
 */
public record MetricsSummary(long activeConnections,
                             Map<ConnectionResult, Long> connections,
                             long handshakesSucceeded,
                             Map<HandshakeFailure, Long> handshakesFailed,
                             long registrationAttempts,
                             Map<String, Long> registrationsSucceeded,
                             Map<RegistrationFailure, Long> registrationsFailed,
                             long bandwidthAllocatedBytes,
                             long credentialsVerified,
                             Map<String, Long> credentialsRejected) {
    public MetricsSummary {
        connections = enumMap(ConnectionResult.class, requireNonNull(connections, "connections is null"));
        handshakesFailed = enumMap(HandshakeFailure.class, requireNonNull(handshakesFailed, "handshakesFailed is null"));
        registrationsSucceeded = Collections.unmodifiableMap(
                new TreeMap<>(requireNonNull(registrationsSucceeded, "registrationsSucceeded is null")));
        registrationsFailed = enumMap(RegistrationFailure.class,
                requireNonNull(registrationsFailed, "registrationsFailed is null"));
        credentialsRejected = Collections.unmodifiableMap(
                new TreeMap<>(requireNonNull(credentialsRejected, "credentialsRejected is null")));
    }

    public long connectionsTotal() {
        return sum(connections);
    }

    public long handshakesFailedTotal() {
        return sum(handshakesFailed);
    }

    public long registrationsSucceededTotal() {
        return sum(registrationsSucceeded);
    }

    public long registrationsFailedTotal() {
        return sum(registrationsFailed);
    }

    public long credentialsRejectedTotal() {
        return sum(credentialsRejected);
    }

    /**
     * One line for a log or a terminal, zero counts left out, e.g. {@code connections 3 (completed 2,
     * busy 1), handshakes 2 ok / 0 failed, registrations 2 ok (dvpn 2) / 0 failed, credentials 2 ok /
     * 0 rejected, 2048 bytes allocated}.
     */
    public String describe() {
        return "connections " + connectionsTotal() + details(labelled(connections))
                + ", handshakes " + handshakesSucceeded + " ok / " + handshakesFailedTotal() + " failed"
                + details(labelled(handshakesFailed))
                + ", registrations " + registrationsSucceededTotal() + " ok" + details(registrationsSucceeded)
                + " / " + registrationsFailedTotal() + " failed" + details(labelled(registrationsFailed))
                + ", credentials " + credentialsVerified + " ok / " + credentialsRejectedTotal() + " rejected"
                + details(credentialsRejected)
                + ", " + bandwidthAllocatedBytes + " bytes allocated";
    }

    private static String details(Map<String, Long> counts) {
        String nonZero = counts.entrySet().stream()
                .filter(entry -> entry.getValue() != 0)
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
        return nonZero.isEmpty() ? "" : " (" + nonZero + ")";
    }

    private static <E extends Enum<E>> Map<String, Long> labelled(Map<E, Long> counts) {
        Map<String, Long> byLabel = new LinkedHashMap<>();
        counts.forEach((key, value) -> byLabel.put(key.name().toLowerCase(Locale.ROOT), value));
        return byLabel;
    }

    private static <E extends Enum<E>> Map<E, Long> enumMap(Class<E> type, Map<E, Long> counts) {
        EnumMap<E, Long> all = new EnumMap<>(type);
        for (E key : type.getEnumConstants()) {
            all.put(key, counts.getOrDefault(key, 0L));
        }
        return Collections.unmodifiableMap(all);
    }

    private static long sum(Map<?, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
