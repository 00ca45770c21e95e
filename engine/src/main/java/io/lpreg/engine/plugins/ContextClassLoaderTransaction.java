package io.lpreg.engine.plugins;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

final class ContextClassLoaderTransaction implements StorageTransaction {
    private final StorageTransaction delegate;
    private final ClassLoader loader;

    ContextClassLoaderTransaction(StorageTransaction delegate, ClassLoader loader) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.loader = requireNonNull(loader, "loader is null");
    }

    @Override
    public ClientId peerClient(WireGuardKey publicKey, ClientKind kind) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.peerClient(publicKey, kind);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public ClientId mixnetClient(byte[] mixnetClientId, ClientKind kind) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.mixnetClient(mixnetClientId, kind);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public Optional<SpentCredential> spentCredential(byte[] nullifier) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.spentCredential(nullifier);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public void recordSpend(SpentCredential spend) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            delegate.recordSpend(spend);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public Bandwidth creditBandwidth(ClientId client, long bytes, Instant expiresAt) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.creditBandwidth(client, bytes, expiresAt);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public Bandwidth debitBandwidth(ClientId client, long bytes) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.debitBandwidth(client, bytes);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public Optional<Bandwidth> bandwidth(ClientId client) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.bandwidth(client);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public Optional<StoredPeer> peer(WireGuardKey publicKey) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.peer(publicKey);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public IpPair allocateIpPair(Instant now) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.allocateIpPair(now);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public StoredPeer upsertPeer(WireGuardKey publicKey, ClientId client, IpPair ips, Optional<byte[]> presharedKey,
                                 Instant now) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.upsertPeer(publicKey, client, ips, presharedKey, now);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public boolean removePeer(WireGuardKey publicKey, Instant now) throws StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.removePeer(publicKey, now);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }
}
