package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.ClientId;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.pf4j.Extension;
import org.sqlite.SQLiteErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The embedded default storage: one SQLite file in WAL mode. SQLite allows one writer at a time, so
 * transactions queue on a fair lock here instead of failing with {@code SQLITE_BUSY}; each runs as
 * {@code BEGIN IMMEDIATE} so that a second process writing the same file is waited for (busy timeout)
 * at the start, never halfway through.
 */
@Extension
public final class SqliteStorage implements GatewayStorage {
    private static final Logger log = LoggerFactory.getLogger(SqliteStorage.class);

    private final PluginConfig config;
    private final Clock clock;
    private final List<Migration> migrations;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ReentrantLock readLock = new ReentrantLock();
    private final SecureRandom random = new SecureRandom();
    private volatile Started started;
    private static final int MAX_BATCH = 256;
    /** The open group-commit transaction; guarded by {@link #writeLock}. */
    private Batch openBatch;

    private record Started(SqliteSettings settings, SqliteDatabase database) {
    }

    @Inject
    public SqliteStorage(PluginConfig config, Clock clock) {
        this(config, clock, Schema.MIGRATIONS);
    }

    SqliteStorage(PluginConfig config, Clock clock, List<Migration> migrations) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.migrations = List.copyOf(requireNonNull(migrations, "migrations is null"));
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public void start() throws StorageException {
        SqliteSettings settings;
        try {
            settings = SqliteSettings.from(config);
        } catch (IllegalArgumentException e) {
            throw new StorageException("storage-sqlite configuration: " + e.getMessage(), e);
        }
        writeLock.lock();
        try {
            if (started != null) {
                throw new IllegalStateException("storage already started");
            }
            SqliteDatabase database = SqliteDatabase.open(settings, migrations, clock);
            started = new Started(settings, database);
            log.info("sqlite storage {}: schema version {} (was {}), IP pool {}, {} allocation, quarantine {}, synchronous {}",
                    settings.path(), migrations.size(), database.migratedFrom(), settings.pool(),
                    settings.allocation().name().toLowerCase(Locale.ROOT), settings.quarantine(),
                    settings.synchronous().name().toLowerCase(Locale.ROOT));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void stop() {
        writeLock.lock();
        readLock.lock();
        try {
            Started current = started;
            started = null;
            if (current != null) {
                // Writers that left their batch open for us (we were queued) still wait for its commit.
                Batch batch = openBatch;
                if (batch != null) {
                    openBatch = null;
                    try {
                        commit(current.database().writer());
                        batch.finish(null);
                    } catch (StorageException e) {
                        batch.finish(e);
                    }
                }
                current.database().close();
            }
        } finally {
            readLock.unlock();
            writeLock.unlock();
        }
    }

    @Override
    public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
        requireNonNull(work, "work is null");
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("inTransaction is not reentrant: this thread's work already runs in a transaction");
        }
        // Not interruptible: a queued writer is what keeps a batch open (see decideCommit), so it must come.
        writeLock.lock();
        boolean locked = true;
        try {
            Started current = started();
            Handle handle = current.database().writer();
            if (openBatch == null) {
                execute(handle, "BEGIN IMMEDIATE", "begin a transaction");
                openBatch = new Batch();
            }
            Batch batch = openBatch;
            execute(handle, "SAVEPOINT work", "open a savepoint");
            SqliteTransaction transaction = new SqliteTransaction(handle, current.settings(), clock, random);
            T result;
            try {
                result = work.run(transaction);
                transaction.returnUnboundPairs();
                execute(handle, "RELEASE work", "release a savepoint");
            } catch (Throwable t) {
                rollbackToSavepoint(handle, batch, t);
                decideCommit(handle, batch);
                throw t;
            } finally {
                transaction.close();
            }
            decideCommit(handle, batch);
            writeLock.unlock();
            locked = false;
            batch.awaitCommit();
            return result;
        } finally {
            if (locked) {
                // Failed before its work ran (savepoint, storage stopped): do not strand an open batch.
                Batch batch = openBatch;
                Started current = started;
                if (batch != null && current != null && !writeLock.hasQueuedThreads()) {
                    decideCommit(current.database().writer(), batch);
                }
                writeLock.unlock();
            }
        }
    }

    /**
     * Group commit: works run one at a time, each in a savepoint of one shared SQLite transaction, and
     * the transaction commits when no writer is waiting (or the batch is full). Every member returns only
     * after that commit, so "returned" still means "committed", while one fsync covers many registrations.
     * A member that fails rolls back to its savepoint and leaves the others' work in the batch.
     */
    private void decideCommit(Handle handle, Batch batch) {
        batch.members++;
        if (openBatch != batch || (writeLock.hasQueuedThreads() && batch.members < MAX_BATCH)) {
            return;
        }
        openBatch = null;
        try {
            commit(handle);
            batch.finish(null);
        } catch (StorageException e) {
            batch.finish(e);
        }
    }

    private void rollbackToSavepoint(Handle handle, Batch batch, Throwable cause) {
        try {
            handle.execute("ROLLBACK TO work");
            handle.execute("RELEASE work");
        } catch (JdbiException e) {
            // SQLite rolled the whole transaction back on its own (SQLITE_FULL, SQLITE_IOERR, ...): the batch
            // is gone, and its other members must hear so.
            cause.addSuppressed(e);
            rollback(handle, cause);
            if (openBatch == batch) {
                openBatch = null;
                batch.finish(new StorageException("the transaction was aborted by a storage error: " + Migrator.rootMessage(e), e));
            }
        }
    }

    private static final class Batch {
        private int members;
        private boolean done;
        private StorageException failure;

        synchronized void finish(StorageException failure) {
            this.failure = failure;
            this.done = true;
            notifyAll();
        }

        synchronized void awaitCommit() throws StorageException {
            boolean interrupted = false;
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw new StorageException(failure.getMessage(), failure);
            }
        }
    }

    @Override
    public List<StoredPeer> peers() throws StorageException {
        Started current = started();
        IpPool pool = current.settings().pool();
        return read(current, "list peers", handle -> handle.createQuery("""
                        SELECT public_key, client_id, slot, preshared_key, created_at, updated_at FROM peers ORDER BY slot""")
                .map((rs, ctx) -> new StoredPeer(new WireGuardKey(rs.getBytes("public_key")),
                        new ClientId(rs.getLong("client_id")), pool.pair(rs.getLong("slot")),
                        Optional.ofNullable(rs.getBytes("preshared_key")),
                        Millis.instant(rs.getLong("created_at")), Millis.instant(rs.getLong("updated_at"))))
                .list());
    }

    @Override
    public int purgeExpired(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        return inTransaction(transaction -> ((SqliteTransaction) transaction).purgeExpired(now));
    }

    @Override
    public boolean isReachable() {
        Started current = started;
        if (current == null) {
            return false;
        }
        try {
            if (!readLock.tryLock(1, TimeUnit.SECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return started == current && current.database().reader().createQuery("SELECT 1").mapTo(Integer.class).one() == 1;
        } catch (JdbiException e) {
            return false;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public Optional<IpPoolUsage> ipPoolUsage(Instant now) throws StorageException {
        PoolStatus status = poolStatus(now);
        return Optional.of(new IpPoolUsage(status.size(), status.allocated(), status.quarantined()));
    }

    /** The pool as it stands at {@code now}, with {@code free} spelled out; {@link #ipPoolUsage} is its SPI face. */
    public PoolStatus poolStatus(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        Started current = started();
        return read(current, "count the pool", handle -> poolStatus(handle, current.settings(), now));
    }

    static PoolStatus poolStatus(Handle handle, SqliteSettings settings, Instant now) {
        record Counts(long allocated, long quarantined) {
        }
        Counts counts = handle.createQuery("""
                        SELECT count(*) FILTER (WHERE released_at IS NULL),
                               count(*) FILTER (WHERE released_at IS NOT NULL AND released_at > ?)
                        FROM ip_pool""")
                .bind(0, Millis.minus(now, settings.quarantine()))
                .map((rs, ctx) -> new Counts(rs.getLong(1), rs.getLong(2)))
                .one();
        long size = settings.pool().size();
        return new PoolStatus(size, counts.allocated(), counts.quarantined(), size - counts.allocated() - counts.quarantined());
    }

    private <R> R read(Started current, String what, Function<Handle, R> query) throws StorageException {
        readLock.lock();
        try {
            if (started != current) {
                throw new StorageException("storage is stopped");
            }
            return query.apply(current.database().reader());
        } catch (JdbiException e) {
            throw SqliteTransaction.failure(what, e);
        } finally {
            readLock.unlock();
        }
    }

    private Started started() throws StorageException {
        Started current = started;
        if (current == null) {
            throw new StorageException("storage is not started");
        }
        return current;
    }

    private static void commit(Handle handle) throws StorageException {
        try {
            handle.execute("COMMIT");
        } catch (JdbiException e) {
            StorageException failure = new StorageException(
                    SqliteTransaction.hasResultCode(e, SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY)
                            ? "commit refused: a spent credential's client has no bandwidth row (recordSpend and creditBandwidth belong in one transaction)"
                            : "could not commit: " + Migrator.rootMessage(e), e);
            rollback(handle, failure);
            throw failure;
        }
    }

    private static void rollback(Handle handle, Throwable cause) {
        try {
            handle.execute("ROLLBACK");
        } catch (JdbiException e) {
            // SQLite already rolled back on its own after some errors (SQLITE_FULL, SQLITE_IOERR, ...)
            if (!String.valueOf(Migrator.rootMessage(e)).contains("no transaction is active")) {
                cause.addSuppressed(e);
            }
        }
    }

    private static void execute(Handle handle, String sql, String what) throws StorageException {
        try {
            handle.execute(sql);
        } catch (JdbiException e) {
            throw SqliteTransaction.failure(what, e);
        }
    }
}
