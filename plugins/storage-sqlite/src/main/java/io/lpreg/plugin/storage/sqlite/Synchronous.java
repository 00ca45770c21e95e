package io.lpreg.plugin.storage.sqlite;

import org.sqlite.SQLiteConfig.SynchronousMode;

import java.util.Locale;

/**
 * When SQLite waits for the disk; the configuration key {@code synchronous}. In WAL mode both survive a
 * crash of the process without losing or corrupting anything; they differ on power loss.
 */
enum Synchronous {
    /** Every commit is on the disk before it returns: a spent nullifier survives even power loss. */
    FULL(SynchronousMode.FULL),
    /** Commits reach the disk at checkpoints: power loss may roll back the latest commits (never corrupts). */
    NORMAL(SynchronousMode.NORMAL);

    private final SynchronousMode mode;

    Synchronous(SynchronousMode mode) {
        this.mode = mode;
    }

    SynchronousMode mode() {
        return mode;
    }

    static Synchronous parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "full" -> FULL;
            case "normal" -> NORMAL;
            default -> throw new IllegalArgumentException("synchronous must be full or normal, got " + text);
        };
    }
}
