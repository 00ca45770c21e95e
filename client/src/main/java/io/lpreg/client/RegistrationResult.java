package io.lpreg.client;

import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.GatewayData;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The outcome of a registration: registered, refused by the gateway, or failed at a step. */
public sealed interface RegistrationResult {
    Timings timings();

    default boolean isRegistered() {
        return this instanceof Registered;
    }

    /**
     * @param gatewayData the WireGuard peer configuration (dVPN); empty for mixnet
     * @param wireGuardKeys the client's WireGuard key pair the peer was registered for
     */
    record Registered(Optional<GatewayData> gatewayData, long allocatedBandwidth, KeyPair wireGuardKeys,
                      Timings timings) implements RegistrationResult {
        public Registered {
            requireNonNull(gatewayData, "gatewayData is null");
            requireNonNull(wireGuardKeys, "wireGuardKeys is null");
            requireNonNull(timings, "timings is null");
        }
    }

    /** The gateway answered and said no; {@code reason} is its error text. */
    record Refused(String reason, Timings timings) implements RegistrationResult {
        public Refused {
            requireNonNull(reason, "reason is null");
            requireNonNull(timings, "timings is null");
        }
    }

    /** The registration did not get an answer: {@code step} failed for {@code message}. */
    record Failed(Step step, String message, Timings timings) implements RegistrationResult {
        public Failed {
            requireNonNull(step, "step is null");
            requireNonNull(message, "message is null");
            requireNonNull(timings, "timings is null");
        }
    }
}
