package io.lpreg.engine.plugins;

import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A storage an embedding application passes in as an object. */
final class EmbeddedStorage implements GatewayStorage {
    private final String name;
    final AtomicInteger starts = new AtomicInteger();

    EmbeddedStorage(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        starts.incrementAndGet();
    }

    @Override
    public void stop() {
    }

    @Override
    public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
        throw new StorageException("not in this test");
    }

    @Override
    public List<StoredPeer> peers() {
        return List.of();
    }

    @Override
    public int purgeExpired(Instant now) {
        return 0;
    }

    @Override
    public boolean isReachable() {
        return true;
    }
}
