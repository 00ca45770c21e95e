package io.lpreg.plugin.storage.postgres;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One schema version: the statements that take a database from {@code version - 1} to {@code version}. */
record Migration(int version, String description, List<String> statements) {
    Migration {
        requireNonNull(description, "description is null");
        statements = List.copyOf(requireNonNull(statements, "statements is null"));
        if (version < 1) {
            throw new IllegalArgumentException("schema versions start at 1, got " + version);
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
    }
}
