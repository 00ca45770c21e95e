package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.StorageException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

import java.time.Clock;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Brings a database to the newest schema version this plugin knows, recording every applied version in
 * {@code schema_version}. All pending migrations run in one transaction: a failure leaves the file as it
 * was. A database written by a newer plugin is refused rather than misread.
 */
final class Migrator {
    private final List<Migration> migrations;
    private final Clock clock;

    Migrator(List<Migration> migrations, Clock clock) {
        this.migrations = List.copyOf(requireNonNull(migrations, "migrations is null"));
        this.clock = requireNonNull(clock, "clock is null");
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3...; position " + i
                        + " holds version " + this.migrations.get(i).version());
            }
        }
    }

    int latestVersion() {
        return migrations.size();
    }

    /** Migrates and returns the version the database had before. */
    int migrate(Handle handle, String databaseName) throws StorageException {
        try {
            handle.execute("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version     INTEGER PRIMARY KEY,
                        description TEXT    NOT NULL,
                        applied_at  INTEGER NOT NULL
                    )""");
            handle.execute("BEGIN IMMEDIATE");
            try {
                int current = currentVersion(handle);
                if (current > latestVersion()) {
                    throw new StorageException("database " + databaseName + " has schema version " + current
                            + ", newer than the newest this plugin knows (" + latestVersion()
                            + "); it was written by a newer lpreg. Refusing to start: run that version or restore a backup");
                }
                for (Migration migration : migrations.subList(current, migrations.size())) {
                    for (String statement : migration.statements()) {
                        handle.execute(statement);
                    }
                    handle.createUpdate("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")
                            .bind(0, migration.version())
                            .bind(1, migration.description())
                            .bind(2, clock.millis())
                            .execute();
                }
                handle.execute("COMMIT");
                return current;
            } catch (StorageException | RuntimeException e) {
                rollbackQuietly(handle, e);
                throw e;
            }
        } catch (JdbiException e) {
            throw new StorageException("could not migrate database " + databaseName + ": " + rootMessage(e), e);
        }
    }

    static int currentVersion(Handle handle) {
        return handle.createQuery("SELECT coalesce(max(version), 0) FROM schema_version").mapTo(Integer.class).one();
    }

    private static void rollbackQuietly(Handle handle, Exception cause) {
        try {
            handle.execute("ROLLBACK");
        } catch (JdbiException e) {
            cause.addSuppressed(e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
