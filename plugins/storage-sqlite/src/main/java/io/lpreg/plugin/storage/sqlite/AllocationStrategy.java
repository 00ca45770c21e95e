package io.lpreg.plugin.storage.sqlite;

import java.util.Locale;

/** How the pool picks a free pair; the configuration key {@code allocation}. */
enum AllocationStrategy {
    /** The lowest never-used pair, then the longest-released pair out of quarantine. */
    SEQUENTIAL,
    /** A uniformly drawn free pair, so that addresses say nothing about the order of registrations. */
    RANDOM;

    static AllocationStrategy parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "sequential" -> SEQUENTIAL;
            case "random" -> RANDOM;
            default -> throw new IllegalArgumentException("allocation must be sequential or random, got " + text);
        };
    }
}
