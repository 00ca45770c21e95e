package io.lpreg.spi;

import org.pf4j.ExtensionPoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway's state lives: clients, peers, the IP pool, bandwidth and spent credentials. Exactly
 * one storage extension is active in a gateway. The engine calls it from worker threads.
 */
public interface GatewayStorage extends ExtensionPoint {
    /** The name configuration selects it by ({@code storage = "sqlite"}). */
    String name();

    /** Opens the store (migrations, pools); called once before any other method. */
    void start() throws StorageException;

    /** Closes the store; called once at shutdown. */
    void stop();

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws (its
     * exception is rethrown unchanged). Implementations retry nothing: the engine decides.
     */
    <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException;

    /** Every stored peer, for reconciliation with the WireGuard interface and metering. */
    List<StoredPeer> peers() throws StorageException;

    /** Deletes bandwidth, spent-credential and settlement rows whose expiry plus grace lies before {@code now}. */
    int purgeExpired(Instant now) throws StorageException;

    /** A cheap liveness check for {@code /health}. */
    boolean isReachable();

    /**
     * Facts about the store for operators, shown under {@code storage.details} in {@code /health} (e.g.
     * whether its database server has a synchronous standby); empty by default. Called right after
     * {@link #isReachable()}, so it may report what that check found; it must not block on the store.
     */
    default Map<String, String> healthDetails() {
        return Map.of();
    }

    /**
     * The IP pool at {@code now}, for {@code lpreg pool} and the {@code lp_ip_pool_*} metrics; empty when this
     * storage does not report it (the default, so storages written before this method keep working). A read:
     * no transaction of the caller's, nothing changed.
     */
    default Optional<IpPoolUsage> ipPoolUsage(Instant now) throws StorageException {
        return Optional.empty();
    }

    /**
     * The settlement outbox, newest first, at most {@code limit} rows (for operators and tests). A read. Rows
     * are deleted by {@link #purgeExpired} once their {@link Settlement#expiresAt()} plus grace has passed.
     */
    default List<SettlementEntry> settlements(int limit) throws StorageException {
        return List.of();
    }

    @FunctionalInterface
    interface TransactionWork<T, X extends Exception> {
        T run(StorageTransaction transaction) throws X, StorageException;
    }
}
