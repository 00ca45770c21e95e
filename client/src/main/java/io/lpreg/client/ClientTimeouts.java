package io.lpreg.client;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Timeouts per step (docs/wire-v1.md §12): connect 10 s, handshake 15 s (ClientHello to msg3), registration
 * 30 s (waiting for the answer).
 */
public record ClientTimeouts(Duration connect, Duration handshake, Duration registration) {
    public ClientTimeouts {
        requireNonNull(connect, "connect is null");
        requireNonNull(handshake, "handshake is null");
        requireNonNull(registration, "registration is null");
    }

    public static ClientTimeouts defaults() {
        return new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30));
    }
}
