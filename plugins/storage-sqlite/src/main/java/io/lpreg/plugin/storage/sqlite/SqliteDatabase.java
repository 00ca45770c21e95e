package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.StorageException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The open database file: one connection that writes (SQLite has one writer) and one that only reads, so
 * that listing peers never waits for a registration. Each keeps its prepared statements. Connections are not
 * thread-safe; {@link SqliteStorage} guards each with its own lock.
 */
final class SqliteDatabase implements AutoCloseable {
    private final Handle writer;
    private final Handle reader;
    private final Statements writes;
    private final Statements reads;
    private final int migratedFrom;

    private SqliteDatabase(Handle writer, Handle reader, int migratedFrom) {
        this.writer = writer;
        this.reader = reader;
        this.writes = new Statements(writer.getConnection());
        this.reads = new Statements(reader.getConnection());
        this.migratedFrom = migratedFrom;
    }

    static SqliteDatabase open(SqliteSettings settings, List<Migration> migrations, Clock clock) throws StorageException {
        requireNonNull(settings, "settings is null");
        Path path = settings.path();
        createOwnerOnly(path);
        // SQLiteDataSource creates connections itself: no DriverManager lookup, which inside a plugin class
        // loader would not find the driver (docs/architecture.md §5.2).
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        config.setSynchronous(settings.synchronous().mode());
        // Otherwise the driver runs "SELECT last_insert_rowid()" after every INSERT, on a statement it prepares
        // each time; the schema's ids come back through RETURNING instead.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + path);
        Jdbi jdbi = Jdbi.create(dataSource);

        Handle writer = null;
        Handle reader = null;
        try {
            writer = jdbi.open();
            String journalMode = writer.createQuery("PRAGMA journal_mode").mapTo(String.class).one();
            if (!"wal".equals(journalMode.toLowerCase(Locale.ROOT))) {
                throw new StorageException("database " + path + " cannot use WAL mode (journal_mode is " + journalMode
                        + "); put it on a local file system");
            }
            int migratedFrom = new Migrator(migrations, clock).migrate(writer, path.toString());
            checkPool(writer, settings, clock);
            reader = jdbi.open();
            reader.execute("PRAGMA query_only = ON");
            return new SqliteDatabase(writer, reader, migratedFrom);
        } catch (StorageException | RuntimeException e) {
            closeQuietly(reader, e);
            closeQuietly(writer, e);
            if (e instanceof JdbiException jdbiException) {
                throw new StorageException("could not open database " + path + ": " + Migrator.rootMessage(jdbiException), e);
            }
            throw e;
        }
    }

    /**
     * Records the configured prefixes on first start. Slots map to addresses through the prefixes, so the
     * prefixes of a pool that holds allocated or quarantined pairs cannot change under it.
     */
    private static void checkPool(Handle writer, SqliteSettings settings, Clock clock) throws StorageException {
        IpPool pool = settings.pool();
        String ipv4 = pool.ipv4Prefix().toString();
        String ipv6 = pool.ipv6Prefix().toString();
        writer.execute("BEGIN IMMEDIATE");
        try {
            record Prefixes(String ipv4, String ipv6) {
            }
            Optional<Prefixes> stored = writer.createQuery("SELECT ipv4_prefix, ipv6_prefix FROM ip_pool_state WHERE id = 1")
                    .map((rs, ctx) -> new Prefixes(rs.getString(1), rs.getString(2)))
                    .findOne();
            if (stored.isEmpty()) {
                writer.createUpdate("INSERT INTO ip_pool_state (id, ipv4_prefix, ipv6_prefix, next_slot) VALUES (1, ?, ?, 0)")
                        .bind(0, ipv4).bind(1, ipv6).execute();
            } else if (!stored.get().equals(new Prefixes(ipv4, ipv6))) {
                long inUse = writer.createQuery("SELECT count(*) FROM ip_pool WHERE released_at IS NULL OR released_at > ?")
                        .bind(0, Millis.minus(clock.instant(), settings.quarantine()))
                        .mapTo(Long.class).one();
                if (inUse > 0) {
                    throw new StorageException("the database's IP pool is " + stored.get().ipv4() + " + " + stored.get().ipv6()
                            + " but the configuration says " + ipv4 + " + " + ipv6 + "; " + inUse
                            + " of its pairs are allocated or quarantined, so the prefixes cannot change (remove the peers first)");
                }
                writer.execute("DELETE FROM ip_pool");
                writer.createUpdate("UPDATE ip_pool_state SET ipv4_prefix = ?, ipv6_prefix = ?, next_slot = 0 WHERE id = 1")
                        .bind(0, ipv4).bind(1, ipv6).execute();
            }
            writer.execute("COMMIT");
        } catch (StorageException | RuntimeException e) {
            try {
                writer.execute("ROLLBACK");
            } catch (JdbiException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /** The file holds preshared keys: create it readable by its owner only (SQLite gives -wal and -shm the same mode). */
    private static void createOwnerOnly(Path path) throws StorageException {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.notExists(path)) {
                if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(path);
                }
            }
        } catch (FileAlreadyExistsException e) {
            // another process created it first; SQLite opens it as it is
        } catch (IOException e) {
            throw new StorageException("could not create database file " + path + ": " + e, e);
        }
    }

    /** The writer connection's statements (SQLite has one writer). */
    Statements writes() {
        return writes;
    }

    /** The read-only connection's statements. */
    Statements reads() {
        return reads;
    }

    int migratedFrom() {
        return migratedFrom;
    }

    @Override
    public void close() {
        writes.close();
        reads.close();
        try {
            writer.execute("PRAGMA optimize");
        } catch (JdbiException e) {
            // an optimisation hint; closing matters more
        }
        reader.close();
        writer.close();
    }

    private static void closeQuietly(Handle handle, Exception cause) {
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
