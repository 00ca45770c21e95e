package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The public keys of one epoch: one independent key per ticket type (docs/ecash.md §7.1). */
public record EpochKeys(EpochWindow window, Map<TicketType, TypeKeys> keys) {
    public EpochKeys {
        requireNonNull(window, "window is null");
        requireNonNull(keys, "keys is null");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("epoch " + window.epoch() + " has no ticket type");
        }
        keys = Map.copyOf(new EnumMap<>(keys));
    }

    public long epoch() {
        return window.epoch();
    }

    public Optional<TypeKeys> keys(TicketType type) {
        return Optional.ofNullable(keys.get(type));
    }
}
