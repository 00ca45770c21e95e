package io.lpreg.engine.registration;

import io.lpreg.engine.metrics.RegistrationFailure;
import io.lpreg.protocol.registration.LpRegistrationResponse;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The answer to send, and why it failed if it did. */
public record RegistrationOutcome(LpRegistrationResponse response, Optional<RegistrationFailure> failure) {
    public RegistrationOutcome {
        requireNonNull(response, "response is null");
        requireNonNull(failure, "failure is null");
    }
}
