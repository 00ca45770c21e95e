package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.ClientId;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import jakarta.inject.Inject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * The embedded default storage: one SQLite file in WAL mode, its lifecycle and its reads. Writes go through
 * {@link GroupCommit}, which queues them for SQLite's one writer and commits them in groups.
 */
@Extension
public final class SqliteStorage implements GatewayStorage {
    private static final Logger log = LoggerFactory.getLogger(SqliteStorage.class);

    private final PluginConfig config;
    private final Clock clock;
    private final List<Migration> migrations;
    private final GroupCommit groupCommit = new GroupCommit();
    private final ReentrantLock readLock = new ReentrantLock();
    private final SecureRandom random = new SecureRandom();
    private volatile Started started;

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
        groupCommit.quiesce(this::writer, () -> {
            if (started != null) {
                throw new IllegalStateException("storage already started");
            }
            SqliteDatabase database = SqliteDatabase.open(settings, migrations, clock);
            started = new Started(settings, database);
            log.info("sqlite storage {}: schema version {} (was {}), IP pool {}, {} allocation, quarantine {}, synchronous {}",
                    settings.path(), migrations.size(), database.migratedFrom(), settings.pool(),
                    settings.allocation().name().toLowerCase(Locale.ROOT), settings.quarantine(),
                    settings.synchronous().name().toLowerCase(Locale.ROOT));
        });
    }

    @Override
    public void stop() {
        // Members that left their batch open for us (we were queued) still wait for its commit: quiesce commits it.
        groupCommit.quiesce(this::writer, () -> {
            readLock.lock();
            try {
                Started current = started;
                started = null;
                if (current != null) {
                    current.database().close();
                }
            } finally {
                readLock.unlock();
            }
        });
    }

    @Override
    public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
        requireNonNull(work, "work is null");
        return groupCommit.run(this::writer, statements -> {
            SqliteTransaction transaction = new SqliteTransaction(statements, started().settings(), clock, random);
            try {
                T result = work.run(transaction);
                transaction.returnUnboundPairs();
                return result;
            } finally {
                transaction.close();
            }
        });
    }

    private Statements writer() throws StorageException {
        return started().database().writes();
    }

    @Override
    public List<StoredPeer> peers() throws StorageException {
        Started current = started();
        IpPool pool = current.settings().pool();
        return read(current, "list peers", statements -> {
            List<StoredPeer> peers = new ArrayList<>();
            statements.each("SELECT public_key, client_id, slot, preshared_key, created_at, updated_at FROM peers ORDER BY slot",
                    row -> peers.add(new StoredPeer(new WireGuardKey(row.getBytes("public_key")),
                            new ClientId(row.getLong("client_id")), pool.pair(row.getLong("slot")),
                            Optional.ofNullable(row.getBytes("preshared_key")),
                            Millis.instant(row.getLong("created_at")), Millis.instant(row.getLong("updated_at")))));
            return peers;
        });
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
            return started == current && current.database().reads().one("SELECT 1", row -> row.getInt(1)) == 1;
        } catch (SQLException e) {
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

    @Override
    public List<SettlementEntry> settlements(int limit) throws StorageException {
        SqliteTransaction.requireLimit(limit);
        return read(started(), "list settlements", statements -> new SettlementTable(statements).newest(limit));
    }

    /** The pool as it stands at {@code now}, with {@code free} spelled out; {@link #ipPoolUsage} is its SPI face. */
    public PoolStatus poolStatus(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        Started current = started();
        return read(current, "count the pool", statements -> PoolStatus.count(statements, current.settings(), now));
    }

    @FunctionalInterface
    private interface Read<R> {
        R run(Statements statements) throws SQLException;
    }

    private <R> R read(Started current, String what, Read<R> query) throws StorageException {
        readLock.lock();
        try {
            if (started != current) {
                throw new StorageException("storage is stopped");
            }
            return query.run(current.database().reads());
        } catch (SQLException e) {
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
}
