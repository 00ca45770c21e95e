package io.lpreg.engine.plugins;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;

import java.time.Instant;
import java.util.List;
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
        return ContextClassLoader.call(loader, () -> delegate.peerClient(publicKey, kind));
    }

    @Override
    public ClientId mixnetClient(byte[] mixnetClientId, ClientKind kind) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.mixnetClient(mixnetClientId, kind));
    }

    @Override
    public Optional<SpentCredential> spentCredential(byte[] nullifier) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.spentCredential(nullifier));
    }

    @Override
    public void recordSpend(SpentCredential spend) throws StorageException {
        ContextClassLoader.run(loader, () -> delegate.recordSpend(spend));
    }

    @Override
    public Bandwidth creditBandwidth(ClientId client, long bytes, Instant expiresAt) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.creditBandwidth(client, bytes, expiresAt));
    }

    @Override
    public Bandwidth debitBandwidth(ClientId client, long bytes) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.debitBandwidth(client, bytes));
    }

    @Override
    public Optional<Bandwidth> bandwidth(ClientId client) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.bandwidth(client));
    }

    @Override
    public Optional<StoredPeer> peer(WireGuardKey publicKey) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.peer(publicKey));
    }

    @Override
    public IpPair allocateIpPair(Instant now) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.allocateIpPair(now));
    }

    @Override
    public StoredPeer upsertPeer(WireGuardKey publicKey, ClientId client, IpPair ips, Optional<byte[]> presharedKey,
                                 Instant now) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.upsertPeer(publicKey, client, ips, presharedKey, now));
    }

    @Override
    public boolean removePeer(WireGuardKey publicKey, Instant now) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.removePeer(publicKey, now));
    }

    @Override
    public void enqueueSettlement(Settlement settlement) throws StorageException {
        ContextClassLoader.run(loader, () -> delegate.enqueueSettlement(settlement));
    }

    @Override
    public List<SettlementEntry> claimSettlements(Instant now, Instant leaseUntil, int limit) throws StorageException {
        return ContextClassLoader.call(loader, () -> delegate.claimSettlements(now, leaseUntil, limit));
    }

    @Override
    public void recordSettlementVotes(long id, List<SettlementVote> votes) throws StorageException {
        ContextClassLoader.run(loader, () -> delegate.recordSettlementVotes(id, votes));
    }

    @Override
    public void retrySettlement(long id, Instant nextAttemptAt) throws StorageException {
        ContextClassLoader.run(loader, () -> delegate.retrySettlement(id, nextAttemptAt));
    }

    @Override
    public void decideSettlement(long id, SettlementState state) throws StorageException {
        ContextClassLoader.run(loader, () -> delegate.decideSettlement(id, state));
    }
}
