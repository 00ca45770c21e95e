package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;

import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** One signer's secret key shares sk_i of one epoch, per ticket type. */
public record EpochShare(EpochWindow window, Map<TicketType, BigInteger> secrets) {
    public EpochShare {
        requireNonNull(window, "window is null");
        requireNonNull(secrets, "secrets is null");
        secrets = Map.copyOf(new EnumMap<>(secrets));
    }

    public Optional<BigInteger> secret(TicketType type) {
        return Optional.ofNullable(secrets.get(type));
    }

    @Override
    public String toString() {
        return "EpochShare[" + window + ", " + secrets.keySet() + "]";
    }
}
