package io.lpreg.plugin.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lpreg.spi.StorageException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The connection pools to the fleet's database: one for transactions ({@code pool_size} connections) and a
 * one-connection pool for {@code /health}, so a health check never queues behind registrations and answers
 * within {@code connection_timeout} while the database is down. Connections run at READ COMMITTED (the
 * plugin's correctness rests on constraints, atomic upserts and row locks, not on the isolation level).
 */
final class PostgresDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);
    /** Pools are precreated, one row per pair; beyond this the prefixes are refused (use a longer prefix). */
    static final long MAX_POOL_SIZE = 1 << 20;
    /** How long connecting to one host of {@code url} may take; the URL's {@code connectTimeout} wins. */
    static final Duration HOST_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final HikariDataSource transactions;
    private final HikariDataSource health;
    private final Jdbi jdbi;
    private final int migratedFrom;
    private final long poolSize;
    /** The server's replication as the last health check read it; empty while it cannot be reached. */
    private volatile Optional<Replication> replication;

    private PostgresDatabase(HikariDataSource transactions, HikariDataSource health, int migratedFrom, long poolSize,
                             Replication replication) {
        this.transactions = transactions;
        this.health = health;
        this.jdbi = Jdbi.create(transactions);
        this.migratedFrom = migratedFrom;
        this.poolSize = poolSize;
        this.replication = Optional.of(replication);
    }

    static PostgresDatabase open(PostgresSettings settings, List<Migration> migrations, Clock clock) throws StorageException {
        requireNonNull(settings, "settings is null");
        Optional<String> password = readPassword(settings.passwordFile());
        HikariDataSource transactions = null;
        HikariDataSource health = null;
        try {
            transactions = pool(settings, password, "lpreg-" + settings.node(), settings.poolSize(), settings.connectionTimeout());
            health = pool(settings, password, "lpreg-" + settings.node() + "-health", 1,
                    min(settings.connectionTimeout(), Duration.ofSeconds(2)));
            Jdbi jdbi = Jdbi.create(transactions);
            int migratedFrom;
            long poolSize;
            Replication replication;
            try (Handle handle = jdbi.open()) {
                replication = Replication.read(handle.getConnection());
                requireSynchronousStandby(settings, replication);
                migratedFrom = new Migrator(migrations, clock).migrate(handle, databaseName(settings.url()));
                poolSize = preparePool(handle, settings, clock);
            } catch (SQLException e) {
                throw new StorageException("could not read the replication state of " + databaseName(settings.url()) + ": " + e.getMessage(), e);
            }
            patient(transactions).opened();
            patient(health).opened();
            return new PostgresDatabase(transactions, health, migratedFrom, poolSize, replication);
        } catch (StorageException | RuntimeException e) {
            closeQuietly(health);
            closeQuietly(transactions);
            if (e instanceof JdbiException || e instanceof com.zaxxer.hikari.pool.HikariPool.PoolInitializationException) {
                throw new StorageException("could not open database " + databaseName(settings.url()) + " as " + settings.user()
                        + ": " + Migrator.rootMessage(e), e);
            }
            throw e;
        }
    }

    /**
     * Our settings go first and the URL's parameters after them, so {@code sslmode}, {@code sslrootcert},
     * {@code connectTimeout} and every other driver parameter written in {@code url} reach the driver and win.
     */
    private static HikariDataSource pool(PostgresSettings settings, Optional<String> password, String name, int size,
                                         Duration connectionTimeout) {
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setApplicationName(name);
        // per host: a dead first host of a failover pair costs this much on each new connection, not connection_timeout
        driver.setConnectTimeout(seconds(min(connectionTimeout, HOST_CONNECT_TIMEOUT)));
        // statement_timeout is enforced by the server; the socket timeout catches a server that went silent
        driver.setOptions("-c statement_timeout=" + settings.statementTimeout().toMillis()
                + settings.synchronousCommit().map(level -> " -c synchronous_commit=" + level).orElse(""));
        driver.setSocketTimeout(settings.statementTimeout().isZero() ? 0 : seconds(settings.statementTimeout()) + 5);
        driver.setTcpKeepAlive(true);
        driver.setURL(settings.url());
        driver.setUser(settings.user());
        password.ifPresent(driver::setPassword);

        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(new PatientDataSource(driver, name, connectionTimeout));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.max(250, Math.min(connectionTimeout.toMillis(), 1_000)));
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setAutoCommit(true);
        // fail at start when the database cannot be reached, with the driver's reason
        config.setInitializationFailTimeout(connectionTimeout.toMillis());
        return new HikariDataSource(config);
    }

    /**
     * Creates this node's pool on first start, one row per pair. Slots map to addresses through the prefixes, so
     * the prefixes of a pool that holds allocated or quarantined pairs cannot change; an idle one is re-created.
     */
    private static long preparePool(Handle handle, PostgresSettings settings, Clock clock) throws StorageException {
        handle.begin();
        try {
            Prefix ipv4 = prefix(handle, "ipv4_prefix", settings.ipv4Prefix());
            Prefix ipv6 = prefix(handle, "ipv6_prefix", settings.ipv6Prefix());
            if (ipv4.family() != 4) {
                throw new StorageException("ipv4_prefix is not an IPv4 prefix: " + settings.ipv4Prefix());
            }
            if (ipv6.family() != 6) {
                throw new StorageException("ipv6_prefix is not an IPv6 prefix: " + settings.ipv6Prefix());
            }
            // offset 0 is the network, offset 1 the gateway's own address, and the IPv4 broadcast is never handed out
            BigInteger ipv4Hosts = BigInteger.ONE.shiftLeft(32 - ipv4.length()).subtract(BigInteger.valueOf(3));
            BigInteger ipv6Hosts = BigInteger.ONE.shiftLeft(128 - ipv6.length()).subtract(BigInteger.TWO);
            BigInteger size = ipv4Hosts.min(ipv6Hosts);
            if (size.signum() <= 0) {
                throw new StorageException("the prefixes " + ipv4.text() + " + " + ipv6.text() + " leave no client address (network, gateway and broadcast are reserved)");
            }
            if (size.compareTo(BigInteger.valueOf(MAX_POOL_SIZE)) > 0) {
                throw new StorageException("a pool of " + size + " pairs (" + ipv4.text() + " + " + ipv6.text()
                        + ") is more than this plugin creates rows for (" + MAX_POOL_SIZE + "); use longer prefixes");
            }
            record Stored(String ipv4, String ipv6) {
            }
            handle.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(?))").bind(0, "lpreg pool " + settings.node())
                    .mapTo(Integer.class).one();
            Optional<Stored> stored = handle.createQuery("SELECT ipv4_prefix::text, ipv6_prefix::text FROM ip_pools WHERE node = ?")
                    .bind(0, settings.node())
                    .map((rs, ctx) -> new Stored(rs.getString(1), rs.getString(2)))
                    .findOne();
            if (stored.isPresent() && !stored.get().equals(new Stored(ipv4.text(), ipv6.text()))) {
                long inUse = handle.createQuery("SELECT count(*) FROM ip_pool WHERE node = ? AND (released_at IS NULL OR released_at > ?)")
                        .bind(0, settings.node())
                        .bind(1, Millis.minus(clock.instant(), settings.quarantine()))
                        .mapTo(Long.class).one();
                if (inUse > 0) {
                    throw new StorageException("node " + settings.node() + "'s IP pool is " + stored.get().ipv4() + " + " + stored.get().ipv6()
                            + " but the configuration says " + ipv4.text() + " + " + ipv6.text() + "; " + inUse
                            + " of its pairs are allocated or quarantined, so the prefixes cannot change (remove the peers first)");
                }
                handle.createUpdate("DELETE FROM ip_pools WHERE node = ?").bind(0, settings.node()).execute();
                stored = Optional.empty();
            }
            if (stored.isEmpty()) {
                handle.createUpdate("INSERT INTO ip_pools (node, ipv4_prefix, ipv6_prefix, size) VALUES (?, ?::cidr, ?::cidr, ?)")
                        .bind(0, settings.node()).bind(1, ipv4.text()).bind(2, ipv6.text()).bind(3, size.longValueExact())
                        .execute();
                handle.createUpdate("""
                                INSERT INTO ip_pool (node, slot, ipv4, ipv6, released_at)
                                SELECT :node, s, set_masklen(:ipv4::cidr::inet + (s + 2), 32), set_masklen(:ipv6::cidr::inet + (s + 2), 128), :never
                                FROM generate_series(0, :size - 1) AS s""")
                        .bind("node", settings.node()).bind("ipv4", ipv4.text()).bind("ipv6", ipv6.text())
                        .bind("size", size.longValueExact()).bind("never", Schema.NEVER_USED)
                        .execute();
                log.info("created IP pool of node {}: {} + {} ({} pairs)", settings.node(), ipv4.text(), ipv6.text(), size);
            }
            handle.commit();
            return size.longValueExact();
        } catch (StorageException | RuntimeException e) {
            try {
                handle.rollback();
            } catch (JdbiException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof JdbiException jdbi) {
                throw new StorageException("could not prepare the IP pool of node " + settings.node() + ": " + Migrator.rootMessage(jdbi), e);
            }
            throw e;
        }
    }

    private record Prefix(int family, int length, String text) {
    }

    /** PostgreSQL parses the prefix ({@code cidr} refuses host bits); never a DNS lookup. */
    private static Prefix prefix(Handle handle, String key, String text) throws StorageException {
        handle.execute("SAVEPOINT prefix");
        try {
            Prefix prefix = handle.createQuery("SELECT family(CAST(:p AS cidr)), masklen(CAST(:p AS cidr)), CAST(:p AS cidr)::text")
                    .bind("p", text)
                    .map((rs, ctx) -> new Prefix(rs.getInt(1), rs.getInt(2), rs.getString(3)))
                    .one();
            handle.execute("RELEASE SAVEPOINT prefix");
            return prefix;
        } catch (JdbiException e) {
            handle.execute("ROLLBACK TO SAVEPOINT prefix");
            throw new StorageException(key + " is not a network prefix (address/length, host bits zero): " + text
                    + " (" + Migrator.rootMessage(e) + ")", e);
        }
    }

    Jdbi jdbi() {
        return jdbi;
    }

    int migratedFrom() {
        return migratedFrom;
    }

    long poolSize() {
        return poolSize;
    }

    /**
     * True if the health connection reads the server's replication state within the connection timeout (at most
     * 2 s); that state is kept for {@link #replication()}, so {@code /health} follows a failover.
     */
    boolean isReachable() {
        try (Connection connection = health.getConnection()) {
            replication = Optional.of(Replication.read(connection));
            return true;
        } catch (SQLException e) {
            replication = Optional.empty();
            return false;
        }
    }

    /** As the last {@link #isReachable()} (or the start) read it; empty if that check failed. */
    Optional<Replication> replication() {
        return replication;
    }

    @Override
    public void close() {
        patient(health).close();
        patient(transactions).close();
        health.close();
        transactions.close();
    }

    private static PatientDataSource patient(HikariDataSource pool) {
        return (PatientDataSource) pool.getDataSource();
    }

    /** {@code require_synchronous_standby}: refuse to start unless each commit waits for a synchronous standby. */
    private static void requireSynchronousStandby(PostgresSettings settings, Replication replication) throws StorageException {
        if (!settings.requireSynchronousStandby()) {
            return;
        }
        Optional<Boolean> synchronous = replication.synchronousStandby();
        if (synchronous.isEmpty()) {
            throw new StorageException("require_synchronous_standby is set, but role " + settings.user()
                    + " may not see whether the standbys are synchronous (pg_stat_replication.sync_state): GRANT pg_monitor TO "
                    + settings.user() + "; " + replication.describe());
        }
        if (!synchronous.get()) {
            throw new StorageException("require_synchronous_standby is set, but commits on " + databaseName(settings.url())
                    + " do not wait for a synchronous standby (" + replication.describe() + "). Refusing to start: attach a "
                    + "synchronous standby (synchronous_standby_names, docs/fleet.md) and keep synchronous_commit at on, "
                    + "remote_write or remote_apply, or set require_synchronous_standby = false to run without one");
        }
    }

    private static Optional<String> readPassword(Optional<Path> file) throws StorageException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = file.get();
        try {
            ConnectionWarnings.passwordFile(path).ifPresent(log::warn);
            String text = Files.readString(path, StandardCharsets.UTF_8);
            String password = text.strip();
            if (password.isEmpty()) {
                throw new StorageException("password_file " + path + " is empty");
            }
            return Optional.of(password);
        } catch (IOException e) {
            throw new StorageException("could not read password_file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Host and database of a JDBC URL, for messages: never its parameters. */
    static String databaseName(String url) {
        String rest = url.substring("jdbc:postgresql:".length());
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int parameters = rest.indexOf('?');
        return parameters < 0 ? rest : rest.substring(0, parameters);
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (duration.toMillis() + 999) / 1000));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void closeQuietly(HikariDataSource dataSource) {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
