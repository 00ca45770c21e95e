package io.lpreg.example.embedded;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.PoolExhaustedException;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryStorageTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Duration QUARANTINE = Duration.ofMinutes(10);
    private static final Duration GRACE = Duration.ofDays(1);

    private final InMemoryStorage storage = new InMemoryStorage(Clock.fixed(NOW, ZoneOffset.UTC),
            AddressPool.defaults(), QUARANTINE, GRACE);

    @BeforeEach
    void start() {
        storage.start();
    }

    @Test
    void reportsThePoolAllocatedQuarantinedAndFree() throws Exception {
        storage.inTransaction(tx -> register(tx, key(1), NOW));
        storage.inTransaction(tx -> register(tx, key(2), NOW));
        storage.inTransaction(tx -> tx.removePeer(key(1), NOW));

        assertThat(storage.ipPoolUsage(NOW)).contains(new IpPoolUsage(AddressPool.SIZE, 1, 1));
        assertThat(storage.ipPoolUsage(NOW.plus(QUARANTINE)).orElseThrow().free()).isEqualTo(AddressPool.SIZE - 1);
    }

    @Test
    void commitsWhatTheWorkWroteWhenItReturns() throws Exception {
        IpPair ips = storage.inTransaction(tx -> register(tx, key(1), NOW));

        assertThat(storage.peers()).singleElement().satisfies(peer -> {
            assertThat(peer.publicKey()).isEqualTo(key(1));
            assertThat(peer.ips()).isEqualTo(ips);
        });
        assertThat(ips).isEqualTo(AddressPool.defaults().pair(0));
    }

    @Test
    void rollsEverythingBackWhenTheWorkThrows() throws Exception {
        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            register(tx, key(1), NOW);
            tx.recordSpend(spend(new byte[] {9}, tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD)));
            throw new IllegalStateException("WireGuard said no");
        })).isInstanceOf(IllegalStateException.class).hasMessage("WireGuard said no");

        assertThat(storage.peers()).isEmpty();
        storage.inTransaction(tx -> {
            assertThat(tx.spentCredential(new byte[] {9})).isEmpty();
            assertThat(tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD)).isEqualTo(new ClientId(1));
            assertThat(tx.allocateIpPair(NOW)).isEqualTo(AddressPool.defaults().pair(0));
            return null;
        });
    }

    @Test
    void refusesASecondSpendOfOneNullifier() throws Exception {
        storage.inTransaction(tx -> {
            tx.recordSpend(spend(new byte[] {1, 2}, tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD)));
            return null;
        });

        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            tx.recordSpend(spend(new byte[] {1, 2}, tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD)));
            return null;
        })).isInstanceOf(StorageException.class).hasMessage("credential already spent: its nullifier is recorded");
    }

    @Test
    void findsTheClientOfARegisteredKey() throws Exception {
        ClientId first = storage.inTransaction(tx -> {
            register(tx, key(1), NOW);
            return tx.peer(key(1)).orElseThrow().client();
        });

        ClientId again = storage.inTransaction(tx -> tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD));

        assertThat(again).isEqualTo(first);
    }

    @Test
    void handsOutEachOfThe253PairsOnceThenReportsThePoolExhausted() throws Exception {
        Set<IpPair> pairs = new HashSet<>();
        for (int i = 0; i < AddressPool.SIZE; i++) {
            WireGuardKey key = key(i);
            pairs.add(storage.inTransaction(tx -> register(tx, key, NOW)));
        }

        assertThat(pairs).hasSize(253).contains(AddressPool.defaults().pair(252));
        assertThat(AddressPool.defaults().pair(252).ipv4().getHostAddress()).isEqualTo("10.64.0.254");
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.allocateIpPair(NOW)))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessage("IP pool exhausted: all 253 address pairs of 10.64.0.0/24 + fd64:0:0:0:0:0:0:0/120 are "
                        + "taken (253 allocated, 0 quarantined)");
    }

    @Test
    void quarantinesARemovedPeersPairBeforeHandingItOutAgain() throws Exception {
        for (int i = 0; i < AddressPool.SIZE; i++) {
            WireGuardKey key = key(i);
            storage.inTransaction(tx -> register(tx, key, NOW));
        }
        IpPair released = storage.inTransaction(tx -> {
            IpPair ips = tx.peer(key(7)).orElseThrow().ips();
            tx.removePeer(key(7), NOW);
            return ips;
        });

        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.allocateIpPair(NOW.plus(QUARANTINE).minusSeconds(1))))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("(252 allocated, 1 quarantined)");
        IpPair reused = storage.inTransaction(tx -> tx.allocateIpPair(NOW.plus(QUARANTINE)));
        assertThat(reused).isEqualTo(released);
    }

    @Test
    void leavesAPairAllocatedButNeverBoundInThePool() throws Exception {
        IpPair unbound = storage.inTransaction(tx -> tx.allocateIpPair(NOW));

        IpPair next = storage.inTransaction(tx -> tx.allocateIpPair(NOW));

        assertThat(next).isEqualTo(unbound);
    }

    @Test
    void refusesToBindAPairThatWasNotAllocatedOrBelongsToAnotherPeer() throws Exception {
        IpPair taken = storage.inTransaction(tx -> register(tx, key(1), NOW));
        ClientId client = new ClientId(1);

        assertThatThrownBy(() -> storage.inTransaction(tx ->
                tx.upsertPeer(key(2), client, taken, Optional.empty(), NOW)))
                .isInstanceOf(StorageException.class)
                .hasMessageEndingWith("already belongs to another peer");
        assertThatThrownBy(() -> storage.inTransaction(tx ->
                tx.upsertPeer(key(2), client, AddressPool.defaults().pair(5), Optional.empty(), NOW)))
                .isInstanceOf(StorageException.class)
                .hasMessageEndingWith("is not allocated; allocate it with allocateIpPair first");
    }

    @Test
    void creditsOnTopOfALiveBalanceAndRestartsAnExpiredOne() throws Exception {
        storage.inTransaction(tx -> {
            ClientId live = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.creditBandwidth(live, 100, NOW.plusSeconds(60));
            assertThat(tx.creditBandwidth(live, 50, NOW.plusSeconds(30))).isEqualTo(new Bandwidth(150, NOW.plusSeconds(60)));

            ClientId expired = tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD);
            tx.creditBandwidth(expired, 100, NOW);
            assertThat(tx.creditBandwidth(expired, 50, NOW.plusSeconds(30))).isEqualTo(new Bandwidth(50, NOW.plusSeconds(30)));
            return null;
        });
    }

    @Test
    void debitsNeverBelowZeroAndReadsNoBalanceAsSpent() throws Exception {
        storage.inTransaction(tx -> {
            ClientId client = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.creditBandwidth(client, 100, NOW.plusSeconds(60));
            assertThat(tx.debitBandwidth(client, 30)).isEqualTo(new Bandwidth(70, NOW.plusSeconds(60)));
            assertThat(tx.debitBandwidth(client, 500)).isEqualTo(new Bandwidth(0, NOW.plusSeconds(60)));
            assertThat(tx.debitBandwidth(new ClientId(99), 1)).isEqualTo(new Bandwidth(0, Instant.EPOCH));
            return null;
        });
    }

    @Test
    void purgesSpendsAndOrphanedBalancesOnlyAfterTheirExpiryAndTheGrace() throws Exception {
        Instant expiry = NOW.plusSeconds(60);
        storage.inTransaction(tx -> {
            ClientId client = tx.mixnetClient(new byte[32], ClientKind.ENTRY_MIXNET);
            tx.recordSpend(new SpentCredential("example-voucher", new byte[] {1}, client, new byte[32], 100, NOW, expiry));
            tx.creditBandwidth(client, 100, expiry);
            return null;
        });

        assertThat(storage.purgeExpired(expiry.plus(GRACE))).isZero();
        assertThat(storage.purgeExpired(expiry.plus(GRACE).plusSeconds(1))).isEqualTo(2);
        storage.inTransaction(tx -> {
            assertThat(tx.spentCredential(new byte[] {1})).isEmpty();
            assertThat(tx.bandwidth(new ClientId(1))).isEmpty();
            return null;
        });
    }

    @Test
    void keepsTheBalanceOfALivePeerPastItsExpirySoTheEngineSeesItSpent() throws Exception {
        storage.inTransaction(tx -> {
            register(tx, key(1), NOW);
            tx.creditBandwidth(tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD), 100, NOW);
            return null;
        });

        assertThat(storage.purgeExpired(NOW.plus(GRACE).plus(GRACE))).isZero();
    }

    @Test
    void runsConcurrentRegistrationsOneAtATime() throws Exception {
        List<Future<IpPair>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 160; i++) {
                WireGuardKey key = key(i);
                results.add(threads.submit(() -> storage.inTransaction(tx -> register(tx, key, NOW))));
            }
        }
        Set<IpPair> pairs = new HashSet<>();
        for (Future<IpPair> result : results) {
            pairs.add(result.get());
        }

        assertThat(pairs).hasSize(160);
        assertThat(storage.peers()).hasSize(160);
    }

    @Test
    void refusesAPeerTransactionUsedAfterItsWorkReturned() throws Exception {
        AtomicReference<StorageTransaction> leaked = new AtomicReference<>();
        storage.inTransaction(tx -> {
            leaked.set(tx);
            return null;
        });

        assertThatThrownBy(() -> leaked.get().allocateIpPair(NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the storage transaction is over; use it only inside inTransaction's work");
    }

    @Test
    void refusesWorkWhenNotRunning() {
        storage.stop();

        assertThat(storage.isReachable()).isFalse();
        assertThatThrownBy(() -> storage.inTransaction(tx -> null)).isInstanceOf(StorageException.class);
    }

    /** What the dVPN mode does: client, pair, peer. */
    private static IpPair register(StorageTransaction tx, WireGuardKey key, Instant now) throws StorageException {
        ClientId client = tx.peerClient(key, ClientKind.ENTRY_WIREGUARD);
        IpPair ips = tx.allocateIpPair(now);
        tx.upsertPeer(key, client, ips, Optional.empty(), now);
        return ips;
    }

    private static SpentCredential spend(byte[] nullifier, ClientId client) {
        return new SpentCredential("example-voucher", nullifier, client, new byte[32], 100, NOW, NOW.plusSeconds(60));
    }

    private static WireGuardKey key(int n) {
        byte[] key = new byte[32];
        key[0] = (byte) n;
        key[1] = (byte) (n >> 8);
        key[31] = 1;
        return new WireGuardKey(key);
    }
}
