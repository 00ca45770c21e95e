package io.lpreg.spi;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a mode decided: the WireGuard peer the engine applies before it commits (none for mixnet), and the
 * bandwidth the answer reports.
 */
public record RegistrationPlan(Optional<PeerConfig> peer, long allocatedBandwidth) {
    public RegistrationPlan {
        requireNonNull(peer, "peer is null");
    }

    public static RegistrationPlan withPeer(PeerConfig peer, long allocatedBandwidth) {
        return new RegistrationPlan(Optional.of(peer), allocatedBandwidth);
    }

    public static RegistrationPlan withoutPeer(long allocatedBandwidth) {
        return new RegistrationPlan(Optional.empty(), allocatedBandwidth);
    }
}
