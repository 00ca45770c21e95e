package io.lpreg.engine.plugins;

import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;

import java.time.Instant;
import java.util.List;

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
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.name();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public void start() throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            delegate.start();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public void stop() {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            delegate.stop();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    /**
     * The context class loader is the storage's for the whole transaction, the engine's work included; the
     * transaction handed to the work sets it again around each of its calls, since a registration mode of
     * another plugin runs in between.
     */
    @Override
    public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
        requireNonNull(work, "work is null");
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.inTransaction(transaction ->
                    work.run(new ContextClassLoaderTransaction(transaction, loader)));
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public List<StoredPeer> peers() throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.peers();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public int purgeExpired(Instant now) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.purgeExpired(now);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public boolean isReachable() {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.isReachable();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
