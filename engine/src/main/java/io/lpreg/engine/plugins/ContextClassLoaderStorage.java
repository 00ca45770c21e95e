package io.lpreg.engine.plugins;

import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

final class ContextClassLoaderStorage implements GatewayStorage {
    private final GatewayStorage delegate;
    private final ClassLoader loader;

    ContextClassLoaderStorage(GatewayStorage delegate, ClassLoader loader) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.loader = requireNonNull(loader, "loader is null");
    }

    @Override
    public String name() {
        return ContextClassLoader.call(loader, delegate::name);
    }

    @Override
    public void start() throws StorageException {
        ContextClassLoader.run(loader, delegate::start);
    }

    @Override
    public void stop() {
        ContextClassLoader.run(loader, delegate::stop);
    }

    /**
     * The context class loader is the storage's for the whole transaction, the engine's work included; the
     * transaction handed to the work sets it again around each of its calls, since a registration mode of
     * another plugin runs in between.
     */
    @Override
    public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
        requireNonNull(work, "work is null");
        return ContextClassLoader.<T, X, StorageException>call(loader, () -> delegate.inTransaction(transaction ->
                work.run(new ContextClassLoaderTransaction(transaction, loader))));
    }

    @Override
    public List<StoredPeer> peers() throws StorageException {
        return ContextClassLoader.call(loader, delegate::peers);
    }

    @Override
    public int purgeExpired(Instant now) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.purgeExpired(now));
    }

    @Override
    public boolean isReachable() {
        return ContextClassLoader.call(loader, delegate::isReachable);
    }

    @Override
    public Map<String, String> healthDetails() {
        return ContextClassLoader.call(loader, delegate::healthDetails);
    }

    @Override
    public Optional<IpPoolUsage> ipPoolUsage(Instant now) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.ipPoolUsage(now));
    }

    @Override
    public List<SettlementEntry> settlements(int limit) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.settlements(limit));
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
