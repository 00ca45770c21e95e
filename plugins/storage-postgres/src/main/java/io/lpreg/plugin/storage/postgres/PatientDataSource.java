package io.lpreg.plugin.storage.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The driver's data source as the pool sees it: while no server of {@code url} can be reached (or none is
 * primary yet, during a failover), a new connection is tried again every {@link #RETRY_INTERVAL} instead of
 * failing. HikariCP backs off after each failed attempt, doubling up to 5 s, so after an outage of a few seconds
 * the pool would notice the promoted primary seconds late (12.5 s measured); here the pool's one attempt
 * lasts until a server answers, and the new primary is found within one interval of its promotion. Before
 * {@link #opened()} (the gateway's start) the patience is {@code connection_timeout}, so a start against a
 * database that is down still fails promptly with the driver's reason. Anything but an unreachable server
 * (a wrong password, a missing database) fails at once.
 */
final class PatientDataSource implements DataSource {
    private static final Logger log = LoggerFactory.getLogger(PatientDataSource.class);
    static final Duration RETRY_INTERVAL = Duration.ofMillis(200);

    private final DataSource driver;
    private final String name;
    private final Duration startPatience;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean opened;

    PatientDataSource(DataSource driver, String name, Duration startPatience) {
        this.driver = requireNonNull(driver, "driver is null");
        this.name = requireNonNull(name, "name is null");
        this.startPatience = requireNonNull(startPatience, "startPatience is null");
    }

    /** The gateway started: from now on a new connection is tried until a server answers or {@link #close()}. */
    void opened() {
        opened = true;
    }

    /** Ends every wait at once, so the pool's shutdown never waits for an unreachable server. */
    void close() {
        closed.countDown();
    }

    @Override
    public Connection getConnection() throws SQLException {
        long started = System.nanoTime();
        SQLException first = null;
        while (true) {
            try {
                Connection connection = driver.getConnection();
                if (first != null) {
                    log.info("{}: connected again after {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
                return connection;
            } catch (SQLException e) {
                boolean patient = opened || System.nanoTime() - started < startPatience.toNanos();
                if (!unreachable(e) || !patient || closed.getCount() == 0) {
                    throw e;
                }
                if (first == null) {
                    first = e;
                    log.warn("{}: no primary server reachable ({}); trying again every {} ms", name, e.getMessage(),
                            RETRY_INTERVAL.toMillis());
                }
            }
            try {
                if (closed.await(RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new SQLException(name + ": closed while waiting for a server", "08003", first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(name + ": interrupted while waiting for a server", "08001", first);
            }
        }
    }

    /**
     * SQLSTATE class 08 (the driver could not connect, or found no server of the wanted type) and 57P03 (the
     * server is starting up or shutting down): the kinds of failure a failover goes through.
     */
    static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P03"));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the user and password are the driver's settings");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return driver.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || driver.isWrapperFor(type);
    }
}
