package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Fleet storage: several gateways ("nodes") on one PostgreSQL database. Spent credentials and mixnet balances
 * are shared by the fleet; each node keeps its own IP pool, peers and their balances (rows carry the node).
 * Each {@link #inTransaction} runs on its own pooled connection at READ COMMITTED, so registrations of one node
 * run in parallel; what keeps them correct is described on {@link PostgresTransaction}.
 */
@Extension
public final class PostgresStorage implements GatewayStorage {
    private static final Logger log = LoggerFactory.getLogger(PostgresStorage.class);

    private final PluginConfig config;
    private final Clock clock;
    private final List<Migration> migrations;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Boolean> inWork = new ThreadLocal<>();
    private volatile Started started;

    private record Started(PostgresSettings settings, PostgresDatabase database) {
    }

    @Inject
    public PostgresStorage(PluginConfig config, Clock clock) {
        this(config, clock, Schema.MIGRATIONS);
    }

    PostgresStorage(PluginConfig config, Clock clock, List<Migration> migrations) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.migrations = List.copyOf(requireNonNull(migrations, "migrations is null"));
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public synchronized void start() throws StorageException {
        if (started != null) {
            throw new IllegalStateException("storage already started");
        }
        PostgresSettings settings;
        try {
            settings = PostgresSettings.from(config);
        } catch (IllegalArgumentException e) {
            throw new StorageException("storage-postgres configuration: " + e.getMessage(), e);
        }
        ConnectionWarnings.tls(settings.url()).ifPresent(warning -> log.warn("postgres storage: {}", warning));
        PostgresDatabase database = PostgresDatabase.open(settings, migrations, clock);
        started = new Started(settings, database);
        log.info("postgres storage {} as node {}: schema version {} (was {}), IP pool {} + {} ({} pairs), {} allocation, "
                        + "quarantine {}, {} connections, READ COMMITTED",
                PostgresDatabase.databaseName(settings.url()), settings.node(), migrations.size(), database.migratedFrom(),
                settings.ipv4Prefix(), settings.ipv6Prefix(), database.poolSize(),
                settings.allocation().name().toLowerCase(Locale.ROOT), settings.quarantine(), settings.poolSize());
        database.replication().ifPresent(replication -> {
            if (replication.synchronousStandby().orElse(false)) {
                log.info("postgres storage {}: {}", replication.durability(), replication.describe());
            } else {
                log.warn("postgres storage {}: {}; require_synchronous_standby = true refuses to start like this",
                        replication.durability(), replication.describe());
            }
        });
    }

    @Override
    public synchronized void stop() {
        Started current = started;
        started = null;
        if (current != null) {
            current.database().close();
        }
    }

    @Override
    public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
        requireNonNull(work, "work is null");
        if (inWork.get() != null) {
            throw new IllegalStateException("inTransaction is not reentrant: this thread's work already runs in a transaction");
        }
        Started current = started();
        Handle handle;
        try {
            handle = current.database().jdbi().open();
        } catch (JdbiException e) {
            throw PostgresTransaction.failure("get a database connection", e);
        }
        inWork.set(Boolean.TRUE);
        PostgresTransaction transaction = new PostgresTransaction(handle, current.settings(), current.database().poolSize(),
                clock, random);
        try {
            begin(handle);
            T result;
            try {
                result = work.run(transaction);
                transaction.returnUnboundPairs();
            } catch (Throwable t) {
                rollback(handle, t);
                throw t;
            } finally {
                transaction.close();
            }
            commit(handle);
            return result;
        } finally {
            inWork.remove();
            close(handle);
        }
    }

    /** The outcome is decided by then; a connection that broke meanwhile only goes back to the pool as broken. */
    private static void close(Handle handle) {
        try {
            handle.close();
        } catch (JdbiException e) {
            log.debug("closing a database handle failed: {}", Migrator.rootMessage(e));
        }
    }

    private static void begin(Handle handle) throws StorageException {
        try {
            handle.begin();
        } catch (JdbiException e) {
            throw PostgresTransaction.failure("begin a transaction", e);
        }
    }

    private static void commit(Handle handle) throws StorageException {
        try {
            handle.commit();
        } catch (JdbiException e) {
            String message = Migrator.rootMessage(e);
            StorageException failure = new StorageException(message != null && message.contains("spent_credentials_client_id_fkey")
                    ? "commit refused: a spent credential's client has no bandwidth row (recordSpend and creditBandwidth belong in one transaction)"
                    : "could not commit: " + message, e);
            rollback(handle, failure);
            throw failure;
        }
    }

    private static void rollback(Handle handle, Throwable cause) {
        try {
            handle.rollback();
        } catch (JdbiException e) {
            // the connection is gone: the server rolled the transaction back itself
            cause.addSuppressed(e);
        }
    }

    /** This node's peers. */
    @Override
    public List<StoredPeer> peers() throws StorageException {
        Started current = started();
        try (Handle handle = current.database().jdbi().open()) {
            return handle.createQuery("""
                            SELECT p.public_key, p.client_id, host(ip.ipv4) AS ipv4, host(ip.ipv6) AS ipv6, p.preshared_key,
                                   p.created_at, p.updated_at
                            FROM peers p JOIN ip_pool ip ON ip.node = p.node AND ip.slot = p.slot
                            WHERE p.node = ? ORDER BY p.slot""")
                    .bind(0, current.settings().node())
                    .map((rs, ctx) -> PostgresTransaction.storedPeer(new WireGuardKey(rs.getBytes("public_key")), rs))
                    .list();
        } catch (JdbiException e) {
            throw PostgresTransaction.failure("list peers", e);
        }
    }

    /** This node's pool: each node hands out its own addresses (docs/fleet.md). */
    @Override
    public Optional<IpPoolUsage> ipPoolUsage(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        Started current = started();
        try (Handle handle = current.database().jdbi().open()) {
            return Optional.of(handle.createQuery("""
                            SELECT count(*),
                                   count(*) FILTER (WHERE released_at IS NULL),
                                   count(*) FILTER (WHERE released_at IS NOT NULL AND released_at > ?)
                            FROM ip_pool WHERE node = ?""")
                    .bind(0, Millis.minus(now, current.settings().quarantine()))
                    .bind(1, current.settings().node())
                    .map((rs, ctx) -> new IpPoolUsage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                    .one());
        } catch (JdbiException e) {
            throw PostgresTransaction.failure("count the IP pool", e);
        }
    }

    /** The whole fleet's outbox: any node settles any row. */
    @Override
    public List<SettlementEntry> settlements(int limit) throws StorageException {
        PostgresTransaction.requireLimit(limit);
        Started current = started();
        try (Handle handle = current.database().jdbi().open()) {
            return new SettlementTable(handle).newest(limit);
        } catch (JdbiException e) {
            throw PostgresTransaction.failure("list settlements", e);
        }
    }

    @Override
    public int purgeExpired(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        return inTransaction(transaction -> ((PostgresTransaction) transaction).purgeExpired(now));
    }

    /** Answers within about {@code connection_timeout} (at most 2 s) also while the database is down. */
    @Override
    public boolean isReachable() {
        Started current = started;
        return current != null && current.database().isReachable();
    }

    /**
     * The server the last {@link #isReachable()} reached and whether its commits wait for a synchronous standby
     * ({@code server}, {@code synchronous_commit}, {@code synchronous_standby}: true, false or unknown,
     * {@code standbys}); empty while the database cannot be reached.
     */
    @Override
    public Map<String, String> healthDetails() {
        Started current = started;
        return current == null ? Map.of() : current.database().replication().map(Replication::details).orElse(Map.of());
    }

    private Started started() throws StorageException {
        Started current = started;
        if (current == null) {
            throw new StorageException("storage is not started");
        }
        return current;
    }
}
