package io.lpreg.engine.listener;

import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.registration.RegistrationOutcome;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationRequest;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * What the listener needs from the gateway.
 *
 * @param registrar runs one registration; called on {@code workers}, never on the event loop
 * @param slots how connection slots are shared between sources
 */
public record ListenerSettings(InetSocketAddress bind, int maxConnections, int connectionsPerSecondPerIp,
                               int connectionBurstPerIp, Duration handshakeTimeout, Duration connectionTimeout,
                               TimestampWindow timestampWindow, KeyPair gatewayLpKey, Clock clock,
                               GatewayMetrics metrics, Registrar registrar, ExecutorService workers,
                               ConnectionSlots slots) {
    public ListenerSettings {
        requireNonNull(slots, "slots is null");
        requireNonNull(bind, "bind is null");
        requireNonNull(handshakeTimeout, "handshakeTimeout is null");
        requireNonNull(connectionTimeout, "connectionTimeout is null");
        requireNonNull(timestampWindow, "timestampWindow is null");
        requireNonNull(gatewayLpKey, "gatewayLpKey is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(registrar, "registrar is null");
        requireNonNull(workers, "workers is null");
    }

    /** Settings with the default {@link ConnectionSlots}. */
    public ListenerSettings(InetSocketAddress bind, int maxConnections, int connectionsPerSecondPerIp,
                            int connectionBurstPerIp, Duration handshakeTimeout, Duration connectionTimeout,
                            TimestampWindow timestampWindow, KeyPair gatewayLpKey, Clock clock,
                            GatewayMetrics metrics, Registrar registrar, ExecutorService workers) {
        this(bind, maxConnections, connectionsPerSecondPerIp, connectionBurstPerIp, handshakeTimeout, connectionTimeout,
                timestampWindow, gatewayLpKey, clock, metrics, registrar, workers, ConnectionSlots.defaults());
    }

    @FunctionalInterface
    public interface Registrar {
        /** {@code clientConnected} tells whether the client is still there to read the answer. */
        RegistrationOutcome register(LpRegistrationRequest request, byte[] handshakeHash, BooleanSupplier clientConnected);
    }
}
