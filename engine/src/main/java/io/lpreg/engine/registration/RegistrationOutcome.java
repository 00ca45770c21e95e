package io.lpreg.engine.registration;

import io.lpreg.engine.metrics.RegistrationFailure;
import io.lpreg.protocol.registration.LpRegistrationResponse;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The answer to send, why it failed if it did, and whether the failure is the client's doing (a credential
 * the verifier found bad, a double spend): the listener charges such a refusal to the connection's source.
 */
public record RegistrationOutcome(LpRegistrationResponse response, Optional<RegistrationFailure> failure,
                                  boolean blamesTheClient) {
    public RegistrationOutcome {
        requireNonNull(response, "response is null");
        requireNonNull(failure, "failure is null");
        if (blamesTheClient && failure.isEmpty()) {
            throw new IllegalArgumentException("a success blames nobody");
        }
    }

    public RegistrationOutcome(LpRegistrationResponse response, Optional<RegistrationFailure> failure) {
        this(response, failure, false);
    }
}
