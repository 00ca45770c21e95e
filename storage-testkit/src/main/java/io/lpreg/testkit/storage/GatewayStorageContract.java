package io.lpreg.testkit.storage;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.PoolExhaustedException;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.lpreg.testkit.storage.Registrations.TICKET_BYTES;
import static io.lpreg.testkit.storage.Registrations.TICKET_LIFETIME;
import static io.lpreg.testkit.storage.Registrations.key;
import static io.lpreg.testkit.storage.Registrations.mixnetId;
import static io.lpreg.testkit.storage.Registrations.nullifier;
import static io.lpreg.testkit.storage.Registrations.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@link GatewayStorage} contract, written once: every storage (SQLite, PostgreSQL, the embedded example's
 * in-memory one, a third party's) extends this class and runs the same tests. Only what the SPI promises is
 * tested here; an implementation's own guarantees (files, schemas, settings) stay in its own tests.
 *
 * <p>A subclass supplies {@link #newStorage(Clock)}: a storage over <b>empty</b> state, not yet started, that
 * reads time from the given clock and is configured with a pool of {@link #poolSize()} pairs, a quarantine of
 * {@link #QUARANTINE} and a purge grace of {@link #PURGE_GRACE}. A storage whose transactions run side by side
 * (rather than one after the other) says so with {@link #concurrentTransactions()}, which adds the tests that
 * hold one transaction open while another works.
 */
public abstract class GatewayStorageContract {
    public static final Duration QUARANTINE = Duration.ofMinutes(10);
    public static final Duration PURGE_GRACE = Duration.ofHours(6);
    /** How long a claim in these tests keeps a settlement from other claimers. */
    private static final Duration LEASE = Duration.ofMinutes(1);

    protected final MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
    protected GatewayStorage storage;

    /** A storage over empty state, not started; see the class comment for its configuration. */
    protected abstract GatewayStorage newStorage(Clock clock) throws Exception;

    /** How many address pairs the storage of {@link #newStorage} hands out; small pools keep the tests fast. */
    protected abstract int poolSize();

    /**
     * True if a second transaction can work while a first one is still open (PostgreSQL); false for a storage
     * that runs one transaction at a time, where such a test would wait for itself.
     */
    protected boolean concurrentTransactions() {
        return false;
    }

    @BeforeEach
    void startStorage() throws Exception {
        storage = newStorage(clock);
        storage.start();
    }

    @AfterEach
    void stopStorage() {
        if (storage != null) {
            storage.stop();
        }
    }

    private Instant now() {
        return clock.instant();
    }

    // --- nullifiers: a credential spends once -------------------------------------------------------------

    @Test
    void aSpentNullifierIsRefusedAndTheRefusedRegistrationLeavesNothing() throws StorageException {
        register(storage, key(1), nullifier(1), now());

        assertThatThrownBy(() -> register(storage, key(2), nullifier(1), now())).isInstanceOf(StorageException.class);

        assertThat(peer(key(2))).as("the refused registration stored no peer").isEmpty();
        assertThat(storage.peers()).extracting(StoredPeer::publicKey).containsExactly(key(1));
        assertThat(spent(nullifier(1))).hasValueSatisfying(spend -> assertThat(spend.requestDigest()).isEqualTo(key(1).bytes()));
    }

    @Test
    void aSpendIsReadBackAsRecordedSoARetryCanBeToldFromADoubleSpend() throws StorageException {
        Instant expiry = now().plus(TICKET_LIFETIME);
        SpentCredential recorded = storage.inTransaction(tx -> {
            ClientId client = tx.mixnetClient(mixnetId(1), ClientKind.ENTRY_MIXNET);
            SpentCredential spend = new SpentCredential("bls-ticket-v1", nullifier(1), client, new byte[] {1, 2, 3},
                    TICKET_BYTES, now(), expiry);
            tx.recordSpend(spend);
            tx.creditBandwidth(client, TICKET_BYTES, expiry);
            return spend;
        });

        assertThat(spent(nullifier(1))).contains(recorded);
        assertThat(spent(nullifier(2))).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void oneNullifierSpentByManyWritersAtOnceIsAcceptedExactlyOnce() throws Exception {
        int writers = 8;
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            long n = i;
            attempts.add(() -> {
                try {
                    register(storage, key(100 + n), nullifier(7), clock.instant());
                    return true;
                } catch (StorageException e) {
                    return false;
                }
            });
        }

        List<Boolean> results = runTogether(attempts);

        assertThat(results.stream().filter(Boolean::booleanValue).count()).as("accepted spends").isEqualTo(1);
        assertThat(storage.peers()).hasSize(1);
    }

    // --- bandwidth: credit adds, debit stops at zero ----------------------------------------------------------

    @Test
    void creditingAddsBytesAndKeepsTheLaterExpiry() throws StorageException {
        Instant soon = now().plus(Duration.ofDays(1));
        Instant later = now().plus(Duration.ofDays(7));
        Bandwidth balance = storage.inTransaction(tx -> {
            ClientId client = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.creditBandwidth(client, 100, later);
            return tx.creditBandwidth(client, 50, soon);
        });

        assertThat(balance).isEqualTo(new Bandwidth(150, later));
    }

    @Test
    void creditingAnExpiredBalanceDoesNotReviveItsBytes() throws StorageException {
        ClientId client = storage.inTransaction(tx -> {
            ClientId created = tx.mixnetClient(mixnetId(1), ClientKind.ENTRY_MIXNET);
            tx.creditBandwidth(created, 1_000, now().plus(Duration.ofHours(1)));
            return created;
        });
        clock.advance(Duration.ofHours(2));

        Bandwidth balance = storage.inTransaction(tx -> tx.creditBandwidth(client, 10, now().plus(Duration.ofDays(1))));

        assertThat(balance).isEqualTo(new Bandwidth(10, now().plus(Duration.ofDays(1))));
    }

    @Test
    void debitingNeverGoesBelowZero() throws StorageException {
        ClientId client = storage.inTransaction(tx -> {
            ClientId created = tx.mixnetClient(mixnetId(1), ClientKind.ENTRY_MIXNET);
            tx.creditBandwidth(created, 100, now().plusSeconds(60));
            return created;
        });

        Bandwidth first = storage.inTransaction(tx -> tx.debitBandwidth(client, 30));
        Bandwidth second = storage.inTransaction(tx -> tx.debitBandwidth(client, 500));

        assertThat(first.availableBytes()).isEqualTo(70);
        assertThat(second.availableBytes()).isZero();
        assertThat(bandwidth(client)).hasValueSatisfying(balance -> assertThat(balance.availableBytes()).isZero());
    }

    @Test
    void debitingAClientWithoutABalanceReadsAsSpentAndStoresNothing() throws StorageException {
        ClientId client = storage.inTransaction(tx -> tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD));

        Bandwidth balance = storage.inTransaction(tx -> tx.debitBandwidth(client, 1));

        assertThat(balance.isUsable(now())).isFalse();
        assertThat(bandwidth(client)).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentTopUpsOfOneBalanceLoseNoUpdate() throws Exception {
        ClientId client = storage.inTransaction(tx -> tx.mixnetClient(mixnetId(1), ClientKind.ENTRY_MIXNET));
        int writers = 8;
        int topUpsEach = 25;
        Instant expiry = now().plus(TICKET_LIFETIME);
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            work.add(() -> {
                for (int i = 0; i < topUpsEach; i++) {
                    storage.inTransaction(tx -> tx.creditBandwidth(client, 3, expiry));
                    storage.inTransaction(tx -> tx.debitBandwidth(client, 1));
                }
                return true;
            });
        }

        runTogether(work);

        assertThat(bandwidth(client)).contains(new Bandwidth(2L * writers * topUpsEach, expiry));
    }

    // --- transactions: all or nothing -------------------------------------------------------------------------

    @Test
    void aFailingWorkRollsEverythingBackAndItsExceptionIsRethrownUnchanged() throws StorageException {
        IOException failure = new IOException("the WireGuard interface refused the peer");
        AtomicReference<ClientId> client = new AtomicReference<>();

        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            client.set(tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD));
            tx.recordSpend(new SpentCredential("test", nullifier(1), client.get(), new byte[1], 5, now(), now().plusSeconds(60)));
            tx.creditBandwidth(client.get(), 5, now().plusSeconds(60));
            tx.upsertPeer(key(1), client.get(), tx.allocateIpPair(now()), Optional.empty(), now());
            throw failure;
        })).isSameAs(failure);

        assertThat(spent(nullifier(1))).isEmpty();
        assertThat(bandwidth(client.get())).isEmpty();
        assertThat(peer(key(1))).isEmpty();
        assertThat(storage.peers()).isEmpty();
        IpPair first = register(storage, key(2), nullifier(2), now());
        assertThat(register(storage, key(1), nullifier(1), now())).as("the nullifier and a pair are still free").isNotEqualTo(first);
        assertThat(fillPool(10)).as("no pair leaked").hasSize(poolSize() - 2);
    }

    @Test
    void aRuntimeExceptionRollsBackToo() throws StorageException {
        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            registerIn(tx, key(1), nullifier(1));
            throw new IllegalStateException("a mode changed its mind");
        })).isInstanceOf(IllegalStateException.class).hasMessage("a mode changed its mind");

        assertThat(storage.peers()).isEmpty();
        assertThat(spent(nullifier(1))).isEmpty();
    }

    @Test
    void aTransactionCannotBeUsedAfterItsWorkReturned() throws StorageException {
        StorageTransaction leaked = storage.inTransaction(tx -> tx);

        assertThatThrownBy(() -> leaked.peer(key(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNestedTransactionIsRefused() {
        assertThatThrownBy(() -> storage.inTransaction(tx -> storage.inTransaction(inner -> 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void isReachableWhileStartedAndRefusesWorkOnceStopped() {
        assertThat(storage.isReachable()).isTrue();
        storage.stop();

        assertThat(storage.isReachable()).isFalse();
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.peer(key(1)))).isInstanceOf(StorageException.class);
        storage = null;
    }

    // --- clients and peers ------------------------------------------------------------------------------------

    @Test
    void peerClientIsTheOwnerOfAKnownKeyAndANewClientForAnUnknownOne() throws StorageException {
        register(storage, key(1), nullifier(1), now());
        ClientId owner = peer(key(1)).orElseThrow().client();

        ClientId again = storage.inTransaction(tx -> tx.peerClient(key(1), ClientKind.EXIT_WIREGUARD));
        ClientId stranger = storage.inTransaction(tx -> tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD));

        assertThat(again).isEqualTo(owner);
        assertThat(stranger).isNotEqualTo(owner);
    }

    @Test
    void aMixnetClientIsFoundByItsIdOrCreated() throws StorageException {
        ClientId first = storage.inTransaction(tx -> tx.mixnetClient(mixnetId(1), ClientKind.ENTRY_MIXNET));
        ClientId again = storage.inTransaction(tx -> tx.mixnetClient(mixnetId(1), ClientKind.ENTRY_MIXNET));
        ClientId other = storage.inTransaction(tx -> tx.mixnetClient(mixnetId(2), ClientKind.EXIT_MIXNET));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.mixnetClient(new byte[31], ClientKind.ENTRY_MIXNET)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reRegisteringAKnownKeyKeepsItsAddressesAndAddsItsBandwidth() throws StorageException {
        IpPair first = register(storage, key(1), nullifier(1), now());
        register(storage, key(2), nullifier(2), now());

        IpPair again = register(storage, key(1), nullifier(3), now());

        assertThat(again).isEqualTo(first);
        assertThat(bandwidth(peer(key(1)).orElseThrow().client()).orElseThrow().availableBytes()).isEqualTo(2 * TICKET_BYTES);
        assertThat(storage.peers()).hasSize(2);
    }

    @Test
    void upsertingAKnownPeerUpdatesItAndKeepsItsCreationTime() throws StorageException {
        Instant created = now();
        IpPair ips = register(storage, key(1), nullifier(1), created);
        clock.advance(Duration.ofMinutes(5));
        byte[] psk = new byte[32];
        psk[0] = 9;

        StoredPeer updated = storage.inTransaction(tx ->
                tx.upsertPeer(key(1), tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD), ips, Optional.of(psk), now()));

        assertThat(updated.createdAt()).isEqualTo(created);
        assertThat(updated.updatedAt()).isEqualTo(now());
        assertThat(updated.presharedKey()).hasValueSatisfying(value -> assertThat(value).isEqualTo(psk));
        assertThat(peer(key(1))).contains(updated);
        assertThat(storage.peers()).containsExactly(updated);
    }

    @Test
    void aPairHeldByOnePeerCannotBeGivenToAnother() throws StorageException {
        IpPair taken = register(storage, key(1), nullifier(1), now());

        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.upsertPeer(key(2),
                tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD), taken, Optional.empty(), now())))
                .isInstanceOf(StorageException.class);
        assertThat(peer(key(2))).isEmpty();
    }

    @Test
    void removingAPeerForgetsItAndRemovingAnUnknownOneChangesNothing() throws StorageException {
        register(storage, key(1), nullifier(1), now());

        assertThat(remove(key(2))).isFalse();
        assertThat(remove(key(1))).isTrue();
        assertThat(storage.peers()).isEmpty();
    }

    // --- the IP pool ------------------------------------------------------------------------------------------

    @Test
    void aFullPoolRefusesWithPoolExhaustedAndTheRegistrationLeavesNothing() throws StorageException {
        List<IpPair> pairs = fillPool(0);
        assertThat(new HashSet<>(pairs)).hasSize(poolSize());

        assertThatThrownBy(() -> register(storage, key(10_000), nullifier(10_000), now()))
                .isInstanceOf(PoolExhaustedException.class);
        assertThat(spent(nullifier(10_000))).isEmpty();
        assertThat(storage.peers()).hasSize(poolSize());
    }

    @Test
    void aReleasedPairIsQuarantinedAndReusedOnlyAfterTheQuarantine() throws StorageException {
        List<IpPair> pairs = fillPool(0);
        assertThat(remove(key(2))).isTrue();

        clock.advance(QUARANTINE.minusMillis(1));
        assertThatThrownBy(() -> register(storage, key(10_000), nullifier(10_000), now()))
                .isInstanceOf(PoolExhaustedException.class);

        clock.advance(Duration.ofMillis(1));
        assertThat(register(storage, key(10_001), nullifier(10_001), now())).isEqualTo(pairs.get(2));
    }

    @Test
    void poolUsageCountsAllocatedAndQuarantinedPairsWhereTheStorageReportsIt() throws StorageException {
        Optional<IpPoolUsage> empty = storage.ipPoolUsage(now());
        assumeTrue(empty.isPresent(), "this storage does not report its pool (GatewayStorage.ipPoolUsage is optional)");
        assertThat(empty.get()).isEqualTo(new IpPoolUsage(poolSize(), 0, 0));

        register(storage, key(1), nullifier(1), now());
        register(storage, key(2), nullifier(2), now());
        assertThat(remove(key(2))).isTrue();

        assertThat(storage.ipPoolUsage(now())).contains(new IpPoolUsage(poolSize(), 1, 1));
        clock.advance(QUARANTINE);
        assertThat(storage.ipPoolUsage(now())).contains(new IpPoolUsage(poolSize(), 1, 0));
    }

    @Test
    void aPairAllocatedButBoundToNoPeerGoesBackToThePool() throws StorageException {
        IpPair unbound = storage.inTransaction(tx -> tx.allocateIpPair(now()));

        List<IpPair> pairs = fillPool(0);

        assertThat(pairs).hasSize(poolSize()).contains(unbound);
    }

    @Test
    void twoAllocationsInOneTransactionAreDistinct() throws StorageException {
        List<IpPair> pairs = storage.inTransaction(tx -> List.of(tx.allocateIpPair(now()), tx.allocateIpPair(now())));

        assertThat(pairs.get(0)).isNotEqualTo(pairs.get(1));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentRegistrationsGetDistinctPairsAndNothingIsLost() throws Exception {
        int threads = 8;
        int keys = poolSize();
        Map<WireGuardKey, IpPair> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        List<Callable<Boolean>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                for (int n = next.getAndIncrement(); n < keys; n = next.getAndIncrement()) {
                    answers.put(key(n), register(storage, key(n), nullifier(n), clock.instant()));
                }
                return true;
            });
        }

        runTogether(workers);

        assertThat(answers).hasSize(keys);
        assertThat(new HashSet<>(answers.values())).hasSize(keys);
        assertThat(storage.peers()).hasSize(keys);
        for (StoredPeer peer : storage.peers()) {
            assertThat(answers.get(peer.publicKey())).isEqualTo(peer.ips());
        }
    }

    // --- purge ------------------------------------------------------------------------------------------------

    @Test
    void expiredRowsStayUntilTheirExpiryPlusTheGraceHasPassed() throws StorageException {
        Instant expiry = now().plus(Duration.ofDays(1));
        ClientId client = mixnetSpend(1, expiry);

        assertThat(storage.purgeExpired(expiry.plus(PURGE_GRACE))).isZero();
        assertThat(bandwidth(client)).isPresent();
        assertThat(spent(nullifier(1))).isPresent();

        assertThat(storage.purgeExpired(expiry.plus(PURGE_GRACE).plusMillis(1))).isEqualTo(2);
        assertThat(bandwidth(client)).isEmpty();
        assertThat(spent(nullifier(1))).isEmpty();
    }

    @Test
    void onlyExpiredRowsArePurged() throws StorageException {
        ClientId expiring = mixnetSpend(1, now().plus(Duration.ofDays(1)));
        ClientId lasting = mixnetSpend(2, now().plus(Duration.ofDays(30)));

        assertThat(storage.purgeExpired(now().plus(Duration.ofDays(2)))).isEqualTo(2);

        assertThat(bandwidth(expiring)).isEmpty();
        assertThat(bandwidth(lasting)).contains(new Bandwidth(10, now().plus(Duration.ofDays(30))));
        assertThat(spent(nullifier(2))).isPresent();
    }

    @Test
    void theExpiredBalanceOfAClientWithAPeerIsKeptUntilThePeerIsRemoved() throws StorageException {
        register(storage, key(1), nullifier(1), now());
        ClientId client = peer(key(1)).orElseThrow().client();
        Instant longAfter = now().plus(TICKET_LIFETIME).plus(PURGE_GRACE).plus(Duration.ofDays(1));

        assertThat(storage.purgeExpired(longAfter)).as("the spent credential goes, the balance stays").isEqualTo(1);
        assertThat(bandwidth(client)).hasValueSatisfying(balance -> assertThat(balance.isUsable(longAfter)).isFalse());

        storage.inTransaction(tx -> tx.removePeer(key(1), longAfter));
        assertThat(storage.purgeExpired(longAfter)).isEqualTo(1);
        assertThat(bandwidth(client)).isEmpty();
    }

    // --- the settlement outbox ---------------------------------------------------------------------------------

    @Test
    void aSettlementEnqueuedInARolledBackTransactionLeavesNothing() throws StorageException {
        IllegalStateException failure = new IllegalStateException("the answer could not be sent");

        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            tx.enqueueSettlement(settlement(tx, 1, now(), now().plus(TICKET_LIFETIME)));
            throw failure;
        })).isSameAs(failure);

        assertThat(claim(now().plus(Duration.ofDays(1)), 10)).isEmpty();
        assertThat(storage.settlements(10)).isEmpty();
    }

    @Test
    void anEnqueuedSettlementIsClaimedPendingAndUntriedWithEveryFieldAsWritten() throws StorageException {
        Settlement written = enqueue(1, now());

        List<SettlementEntry> claimed = claim(now(), 10);

        assertThat(claimed).singleElement().satisfies(entry -> {
            assertThat(entry.settlement()).isEqualTo(written);
            assertThat(entry.settlement().report()).isEqualTo(report(1));
            assertThat(entry.state()).isEqualTo(SettlementState.PENDING);
            assertThat(entry.attempts()).isZero();
            assertThat(entry.votes()).isEmpty();
            assertThat(entry.nextAttemptAt()).as("due again when the lease ends").isEqualTo(now().plus(LEASE));
        });
    }

    @Test
    void aClaimedSettlementIsClaimedAgainOnlyOnceItsLeaseHasEnded() throws StorageException {
        enqueue(1, now());
        long id = claim(now(), 10).getFirst().id();

        assertThat(claim(now(), 10)).as("claimed again at once").isEmpty();
        assertThat(claim(now().plus(LEASE).minusMillis(1), 10)).as("claimed again within the lease").isEmpty();
        assertThat(claim(now().plus(LEASE), 10)).as("claimed again when the lease ends")
                .extracting(SettlementEntry::id).containsExactly(id);
    }

    @Test
    void claimsTakeTheOldestSettlementsFirstAndNoMoreThanTheLimit() throws StorageException {
        Settlement second = enqueue(2, now().plusSeconds(2));
        Settlement third = enqueue(3, now().plusSeconds(3));
        Settlement first = enqueue(1, now().plusSeconds(1));
        Instant at = now().plusSeconds(10);

        assertThat(claim(at, 2)).extracting(SettlementEntry::settlement).containsExactly(first, second);
        assertThat(claim(at, 2)).extracting(SettlementEntry::settlement).containsExactly(third);
    }

    @Test
    void votesAreKeptInTheOrderTheyArrivedAndASignersSecondVoteIsIgnored() throws StorageException {
        long id = enqueueAndClaim(1);
        SettlementVote b = new SettlementVote("http://signer-b", true, "", now().plusSeconds(5));
        SettlementVote a = new SettlementVote("http://signer-a", false, "already spent", now().plusSeconds(6));
        SettlementVote c = new SettlementVote("http://signer-c", true, "", now().plusSeconds(1));

        storage.inTransaction(tx -> {
            tx.recordSettlementVotes(id, List.of(b, a));
            return null;
        });
        storage.inTransaction(tx -> {
            tx.recordSettlementVotes(id, List.of(new SettlementVote("http://signer-b", false, "changed its mind", now()), c,
                    new SettlementVote("http://signer-c", false, "twice in one answer", now())));
            return null;
        });

        assertThat(entry(id).votes()).containsExactly(b, a, c);
    }

    @Test
    void aRetryCountsAnAttemptAndMakesTheSettlementDueOnlyAtItsNextAttempt() throws StorageException {
        long id = enqueueAndClaim(1);
        SettlementVote vote = new SettlementVote("http://signer-a", true, "", now());
        Instant nextAttempt = now().plus(LEASE).plus(Duration.ofMinutes(5));

        storage.inTransaction(tx -> {
            tx.recordSettlementVotes(id, List.of(vote));
            tx.retrySettlement(id, nextAttempt);
            return null;
        });

        assertThat(claim(nextAttempt.minusMillis(1), 10)).as("claimed before its next attempt").isEmpty();
        assertThat(claim(nextAttempt, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(id);
            assertThat(entry.state()).isEqualTo(SettlementState.PENDING);
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.votes()).as("the votes so far, so only the missing signers are asked").containsExactly(vote);
        });
        storage.inTransaction(tx -> {
            tx.retrySettlement(id, nextAttempt.plus(Duration.ofHours(1)));
            return null;
        });
        assertThat(entry(id).attempts()).isEqualTo(2);
        assertThat(entry(id).nextAttemptAt()).isEqualTo(nextAttempt.plus(Duration.ofHours(1)));
    }

    @Test
    void aDecidedSettlementKeepsItsStateAndVotesDropsItsReportAndIsNeverClaimedAgain() throws StorageException {
        for (SettlementState decision : List.of(SettlementState.CONFIRMED, SettlementState.REJECTED)) {
            int n = decision.ordinal();
            Settlement written = enqueue(n, now());
            long id = claim(now(), 1).getFirst().id();
            SettlementVote vote = new SettlementVote("http://signer-a", decision == SettlementState.CONFIRMED, "", now());

            storage.inTransaction(tx -> {
                tx.recordSettlementVotes(id, List.of(vote));
                tx.decideSettlement(id, decision);
                return null;
            });

            SettlementEntry decided = entry(id);
            assertThat(decided.state()).isEqualTo(decision);
            assertThat(decided.votes()).containsExactly(vote);
            assertThat(decided.settlement().report()).as("the report of a decided settlement").isEmpty();
            assertThat(decided.settlement()).isEqualTo(new Settlement(written.scheme(), written.nullifier(), written.client(),
                    written.creditedBytes(), new byte[0], written.createdAt(), written.expiresAt()));
        }
        assertThat(claim(now().plus(TICKET_LIFETIME), 10)).as("decided settlements claimed").isEmpty();
    }

    @Test
    void aSettlementThatIsNotThereCannotBeVotedOnRetriedOrDecided() throws StorageException {
        long missing = enqueueAndClaim(1) + 1_000;

        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            tx.recordSettlementVotes(missing, List.of(new SettlementVote("http://signer-a", true, "", now())));
            return null;
        })).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            tx.retrySettlement(missing, now());
            return null;
        })).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            tx.decideSettlement(missing, SettlementState.CONFIRMED);
            return null;
        })).isInstanceOf(StorageException.class);
    }

    @Test
    void aSettlementCannotBeDecidedPending() throws StorageException {
        long id = enqueueAndClaim(1);

        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            tx.decideSettlement(id, SettlementState.PENDING);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(entry(id).state()).isEqualTo(SettlementState.PENDING);
    }

    @Test
    void theOutboxIsListedNewestFirstUpToTheLimit() throws StorageException {
        Settlement oldest = enqueue(1, now().plusSeconds(1));
        Settlement newest = enqueue(3, now().plusSeconds(3));
        Settlement middle = enqueue(2, now().plusSeconds(2));

        assertThat(storage.settlements(2)).extracting(SettlementEntry::settlement).containsExactly(newest, middle);
        assertThat(storage.settlements(10)).extracting(SettlementEntry::settlement).containsExactly(newest, middle, oldest);
    }

    @Test
    void settlementsArePurgedOnceTheirExpiryPlusTheGraceHasPassedWhateverTheirState() throws StorageException {
        Instant expiry = now().plus(Duration.ofDays(1));
        enqueue(1, now(), expiry);
        enqueue(2, now(), expiry);
        Settlement lasting = enqueue(3, now(), now().plus(Duration.ofDays(30)));
        long confirmed = claim(now(), 10).stream().filter(entry -> Arrays.equals(entry.settlement().nullifier(), nullifier(2)))
                .findFirst().orElseThrow().id();
        storage.inTransaction(tx -> {
            tx.recordSettlementVotes(confirmed, List.of(new SettlementVote("http://signer-a", true, "", now())));
            tx.decideSettlement(confirmed, SettlementState.CONFIRMED);
            return null;
        });

        assertThat(storage.purgeExpired(expiry.plus(PURGE_GRACE))).isZero();
        assertThat(storage.settlements(10)).hasSize(3);

        assertThat(storage.purgeExpired(expiry.plus(PURGE_GRACE).plusMillis(1))).as("rows purged").isEqualTo(2);
        assertThat(storage.settlements(10)).extracting(SettlementEntry::settlement).containsExactly(lasting);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentClaimersNeverGetTheSameSettlement() throws Exception {
        int settlements = 40;
        for (int n = 0; n < settlements; n++) {
            enqueue(n, now().plusMillis(n));
        }
        Instant at = now().plusSeconds(1);
        List<Callable<List<Long>>> claimers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            claimers.add(() -> {
                List<Long> ids = new ArrayList<>();
                for (List<SettlementEntry> claimed = claim(at, 3); !claimed.isEmpty(); claimed = claim(at, 3)) {
                    claimed.forEach(entry -> ids.add(entry.id()));
                }
                return ids;
            });
        }

        List<Long> ids = runTogether(claimers).stream().flatMap(List::stream).toList();

        assertThat(ids).as("claimed ids").doesNotHaveDuplicates().hasSize(settlements);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aClaimSkipsTheSettlementsAnOpenTransactionHasClaimedInsteadOfWaitingForThem() throws Exception {
        assumeTrue(concurrentTransactions(), "this storage runs one transaction at a time");
        for (int n = 1; n <= 4; n++) {
            enqueue(n, now().plusSeconds(n));
        }
        Instant at = now().plusSeconds(10);
        CountDownLatch firstClaimed = new CountDownLatch(1);
        CountDownLatch secondClaimed = new CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<List<SettlementEntry>> first = thread.submit(() -> storage.inTransaction(tx -> {
                List<SettlementEntry> claimed;
                try {
                    claimed = tx.claimSettlements(at, at.plus(LEASE), 2);
                } finally {
                    firstClaimed.countDown();
                }
                if (!secondClaimed.await(30, TimeUnit.SECONDS)) {
                    throw new TimeoutException("the second claim waited for the first transaction");
                }
                return claimed;
            }));
            assertThat(firstClaimed.await(30, TimeUnit.SECONDS)).isTrue();

            List<SettlementEntry> second = claim(at, 4);
            secondClaimed.countDown();

            assertThat(first.get()).extracting(entry -> entry.settlement().createdAt())
                    .containsExactly(now().plusSeconds(1), now().plusSeconds(2));
            assertThat(second).extracting(entry -> entry.settlement().createdAt())
                    .containsExactly(now().plusSeconds(3), now().plusSeconds(4));
        } finally {
            thread.shutdownNow();
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** A settlement of spend {@code n} by a mixnet client of its own, written in {@code tx}. */
    private static Settlement settlement(StorageTransaction tx, int n, Instant createdAt, Instant expiresAt)
            throws StorageException {
        ClientId client = tx.mixnetClient(mixnetId(n), ClientKind.ENTRY_MIXNET);
        return new Settlement("zk-nym-test", nullifier(n), client, 1_000L + n, report(n), createdAt, expiresAt);
    }

    /** A report of several hundred bytes holding every byte value, distinct per number. */
    private static byte[] report(int n) {
        byte[] report = new byte[300 + n];
        for (int i = 0; i < report.length; i++) {
            report[i] = (byte) (i + n);
        }
        return report;
    }

    private Settlement enqueue(int n, Instant createdAt) throws StorageException {
        return enqueue(n, createdAt, createdAt.plus(TICKET_LIFETIME));
    }

    private Settlement enqueue(int n, Instant createdAt, Instant expiresAt) throws StorageException {
        return storage.inTransaction(tx -> {
            Settlement settlement = settlement(tx, n, createdAt, expiresAt);
            tx.enqueueSettlement(settlement);
            return settlement;
        });
    }

    /** Enqueues settlement {@code n} now and claims it; its id. */
    private long enqueueAndClaim(int n) throws StorageException {
        enqueue(n, now());
        return claim(now(), 1).getFirst().id();
    }

    /** Claims in a transaction of its own, for {@link #LEASE}. */
    private List<SettlementEntry> claim(Instant at, int limit) throws StorageException {
        return storage.inTransaction(tx -> tx.claimSettlements(at, at.plus(LEASE), limit));
    }

    /** The outbox row with this id, as {@link GatewayStorage#settlements} lists it. */
    private SettlementEntry entry(long id) throws StorageException {
        return storage.settlements(1_000).stream().filter(entry -> entry.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no settlement " + id + " in the outbox"));
    }

    /** Registers keys {@code first, first+1, ...} until the pool is full; the pairs in registration order. */
    private List<IpPair> fillPool(int first) throws StorageException {
        List<IpPair> pairs = new ArrayList<>();
        for (int n = first; ; n++) {
            try {
                pairs.add(register(storage, key(n), nullifier(n), now()));
            } catch (PoolExhaustedException e) {
                return pairs;
            }
            if (pairs.size() > poolSize()) {
                throw new AssertionError("the pool handed out more than its " + poolSize() + " pairs");
            }
        }
    }

    private void registerIn(StorageTransaction tx, WireGuardKey key, byte[] nullifier) throws StorageException {
        ClientId client = tx.peerClient(key, ClientKind.ENTRY_WIREGUARD);
        tx.recordSpend(new SpentCredential("test", nullifier, client, key.bytes(), 1, now(), now().plusSeconds(60)));
        tx.creditBandwidth(client, 1, now().plusSeconds(60));
        tx.upsertPeer(key, client, tx.allocateIpPair(now()), Optional.empty(), now());
    }

    /** A mixnet client with 10 bytes bought by one spend, both expiring at {@code expiresAt}. */
    private ClientId mixnetSpend(int n, Instant expiresAt) throws StorageException {
        return storage.inTransaction(tx -> {
            ClientId client = tx.mixnetClient(mixnetId(n), ClientKind.ENTRY_MIXNET);
            tx.recordSpend(new SpentCredential("test", nullifier(n), client, mixnetId(n), 10, now(), expiresAt));
            tx.creditBandwidth(client, 10, expiresAt);
            return client;
        });
    }

    /** Runs the tasks on their own threads, released together; their results in order, or the first failure. */
    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private Optional<SpentCredential> spent(byte[] nullifier) throws StorageException {
        return storage.inTransaction(tx -> tx.spentCredential(nullifier));
    }

    private boolean remove(WireGuardKey key) throws StorageException {
        return storage.inTransaction(tx -> tx.removePeer(key, now()));
    }

    private Optional<StoredPeer> peer(WireGuardKey key) throws StorageException {
        return storage.inTransaction(tx -> tx.peer(key));
    }

    private Optional<Bandwidth> bandwidth(ClientId client) throws StorageException {
        return storage.inTransaction(tx -> tx.bandwidth(client));
    }

}
