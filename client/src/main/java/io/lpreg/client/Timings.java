package io.lpreg.client;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** How long each step of the last attempt took (absent where it was not reached), and how many attempts ran. */
public record Timings(Optional<Duration> connect, Optional<Duration> handshake, Optional<Duration> registration,
                      int attempts) {
    public Timings {
        requireNonNull(connect, "connect is null");
        requireNonNull(handshake, "handshake is null");
        requireNonNull(registration, "registration is null");
    }

    public Optional<Duration> total() {
        return registration.flatMap(r -> handshake.flatMap(h -> connect.map(c -> c.plus(h).plus(r))));
    }
}
