package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.StorageException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

import java.time.Clock;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Brings the database to the newest schema version this plugin knows, recording every applied version in
 * {@code schema_version}. Several nodes may start at once: the migration runs under a session-level advisory
 * lock, so exactly one applies it and the others find it done. All pending migrations run in one transaction
 * (PostgreSQL's DDL is transactional): a failure leaves the database as it was. A database written by a newer
 * plugin is refused rather than misread.
 */
final class Migrator {
    /** pg_advisory_lock key of the migration: "lpregmig" in ASCII. */
    static final long LOCK = 0x6c70_7265_676d_6967L;

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
            handle.createQuery("SELECT 1 FROM pg_advisory_lock(?)").bind(0, LOCK).mapTo(Integer.class).one();
            try {
                handle.begin();
                try {
                    handle.execute("""
                            CREATE TABLE IF NOT EXISTS schema_version (
                                version     integer PRIMARY KEY,
                                description text    NOT NULL,
                                applied_at  bigint  NOT NULL
                            )""");
                    int current = currentVersion(handle);
                    if (current > latestVersion()) {
                        throw new StorageException("database " + databaseName + " has schema version " + current
                                + ", newer than the newest this plugin knows (" + latestVersion()
                                + "); it was migrated by a newer lpreg. Refusing to start: run that version on this node too");
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
                    handle.commit();
                    return current;
                } catch (StorageException | RuntimeException e) {
                    rollbackQuietly(handle, e);
                    throw e;
                }
            } finally {
                handle.createQuery("SELECT pg_advisory_unlock(?)").bind(0, LOCK).mapTo(Boolean.class).one();
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
            handle.rollback();
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
