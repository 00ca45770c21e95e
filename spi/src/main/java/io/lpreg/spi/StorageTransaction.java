package io.lpreg.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operations of one storage transaction (docs/architecture.md §4.4). Nothing is visible to other
 * transactions until {@link GatewayStorage#inTransaction} returns; if the work throws, nothing happened.
 */
public interface StorageTransaction {
    /** The client that owns this WireGuard key, or a new client of {@code kind} if the key is unknown. */
    ClientId peerClient(WireGuardKey publicKey, ClientKind kind) throws StorageException;

    /** The client with this mixnet client id (32 bytes), created with {@code kind} if new. */
    ClientId mixnetClient(byte[] mixnetClientId, ClientKind kind) throws StorageException;

    /** The spend of this nullifier, if it was spent before. */
    Optional<SpentCredential> spentCredential(byte[] nullifier) throws StorageException;

    /** Records a spend; a nullifier that is already spent is refused with a {@link StorageException}. */
    void recordSpend(SpentCredential spend) throws StorageException;

    /** Adds bytes to the client's balance (never replaces it); the expiry becomes the later of the two. */
    Bandwidth creditBandwidth(ClientId client, long bytes, Instant expiresAt) throws StorageException;

    /** Takes bytes off the client's balance, never below zero; returns the new balance. */
    Bandwidth debitBandwidth(ClientId client, long bytes) throws StorageException;

    Optional<Bandwidth> bandwidth(ClientId client) throws StorageException;

    Optional<StoredPeer> peer(WireGuardKey publicKey) throws StorageException;

    /** A free IPv4/IPv6 pair from the pool, now allocated. */
    IpPair allocateIpPair(Instant now) throws StorageException;

    /** Inserts the peer or updates its client, addresses and preshared key. */
    StoredPeer upsertPeer(WireGuardKey publicKey, ClientId client, IpPair ips, Optional<byte[]> presharedKey,
                          Instant now) throws StorageException;

    /** Deletes the peer and returns its addresses to the pool (after the quarantine). */
    boolean removePeer(WireGuardKey publicKey, Instant now) throws StorageException;

    /**
     * Puts an accepted spend in the settlement outbox (state {@link SettlementState#PENDING}, due at once).
     * Storages written before the outbox refuse, so a verifier that reports spends cannot run on them.
     */
    default void enqueueSettlement(Settlement settlement) throws StorageException {
        throw new StorageException("this storage keeps no settlement outbox");
    }

    /**
     * Takes up to {@code limit} pending settlements due at {@code now} (oldest first) and makes them due again
     * only at {@code leaseUntil}, so another gateway on the same storage does not take them meanwhile; a
     * gateway that crashes with them leaves them to be taken again after the lease.
     */
    default List<SettlementEntry> claimSettlements(Instant now, Instant leaseUntil, int limit) throws StorageException {
        return List.of();
    }

    /** Records votes of signers that had not voted on this settlement; a signer's second vote is ignored. */
    default void recordSettlementVotes(long id, List<SettlementVote> votes) throws StorageException {
        throw new StorageException("this storage keeps no settlement outbox");
    }

    /** A pending settlement that failed this time: one more attempt counted, not due before {@code nextAttemptAt}. */
    default void retrySettlement(long id, Instant nextAttemptAt) throws StorageException {
        throw new StorageException("this storage keeps no settlement outbox");
    }

    /** Decides a settlement ({@code CONFIRMED} or {@code REJECTED}) and drops its report; its votes stay. */
    default void decideSettlement(long id, SettlementState state) throws StorageException {
        throw new StorageException("this storage keeps no settlement outbox");
    }
}
