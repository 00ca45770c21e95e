package io.lpreg.spi;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A peer as the interface reports it: cumulative byte counters since the peer was added. */
public record PeerStats(WireGuardKey publicKey, long rxBytes, long txBytes, Optional<Instant> lastHandshake) {
    public PeerStats {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(lastHandshake, "lastHandshake is null");
    }

    public long totalBytes() {
        return rxBytes + txBytes;
    }
}
