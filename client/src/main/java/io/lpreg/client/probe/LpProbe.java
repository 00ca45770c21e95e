package io.lpreg.client.probe;

import io.lpreg.client.ClientTimeouts;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.RetryPolicy;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.protocol.wire.WireVersion;

import java.time.Clock;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Probes a gateway's LP registration: connect, handshake, register a fresh WireGuard key with a WireGuard
 * entry ticket (as Nym's probe does). One attempt, no retries: the probe reports what a client meets.
 */
public final class LpProbe {
    private final LpRegistrationClient client;

    public LpProbe(ClientTimeouts timeouts, CredentialSource credentials) {
        this.client = new LpRegistrationClient(requireNonNull(timeouts, "timeouts is null"), RetryPolicy.none(),
                requireNonNull(credentials, "credentials is null"), Clock.systemUTC());
    }

    public ProbeResult probe(GatewayTarget target, WireVersion version) {
        return probe(target, RegistrationOptions.dvpn(version));
    }

    /** The probe with registration options of the caller's (a ticket type to pay with, say). */
    public ProbeResult probe(GatewayTarget target, RegistrationOptions options) {
        RegistrationResult result = client.register(target, options);
        return switch (result) {
            case RegistrationResult.Registered registered ->
                    new ProbeResult(true, true, true, Optional.empty(), registered.timings());
            case RegistrationResult.Refused refused ->
                    new ProbeResult(true, true, false, Optional.of("registration refused: " + refused.reason()), refused.timings());
            case RegistrationResult.Failed failed -> new ProbeResult(
                    failed.step().compareTo(io.lpreg.client.Step.CONNECT) > 0,
                    failed.step().compareTo(io.lpreg.client.Step.HANDSHAKE) > 0,
                    false, Optional.of(failed.step().label() + " failed: " + failed.message()), failed.timings());
        };
    }
}
