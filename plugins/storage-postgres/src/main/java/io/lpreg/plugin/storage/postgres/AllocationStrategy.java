package io.lpreg.plugin.storage.postgres;

import java.util.Locale;

/** How a node's pool picks a free pair; the configuration key {@code allocation}. */
enum AllocationStrategy {
    /** The lowest never-used pair, then the longest-released pair out of quarantine. */
    SEQUENTIAL,
    /** The first free pair at or after a uniformly drawn slot, so addresses say little about registration order. */
    RANDOM;

    static AllocationStrategy parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "sequential" -> SEQUENTIAL;
            case "random" -> RANDOM;
            default -> throw new IllegalArgumentException("allocation must be sequential or random, got " + text);
        };
    }
}
