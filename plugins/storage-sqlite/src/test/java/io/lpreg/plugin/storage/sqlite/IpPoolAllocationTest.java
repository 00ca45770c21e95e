package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.storage.MutableClock;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.PoolExhaustedException;
import io.lpreg.spi.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static io.lpreg.plugin.storage.sqlite.IpPoolTest.pair;
import static io.lpreg.plugin.storage.sqlite.Registrations.key;
import static io.lpreg.plugin.storage.sqlite.Registrations.nullifier;
import static io.lpreg.plugin.storage.sqlite.Registrations.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpPoolAllocationTest {
    /** 10.9.0.2-.6 and fd00::2-::6: five pairs. */
    private static final String SMALL_IPV4 = "10.9.0.0/29";
    private static final String SMALL_IPV6 = "fd00::/125";

    @TempDir
    Path dataDirectory;

    private final MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
    private SqliteStorage storage;

    @AfterEach
    void stop() {
        if (storage != null) {
            storage.stop();
        }
    }

    private SqliteStorage start(MapPluginConfig config) throws StorageException {
        storage = new SqliteStorage(config, clock);
        storage.start();
        return storage;
    }

    private MapPluginConfig small() {
        return MapPluginConfig.in(dataDirectory).with("ipv4_prefix", SMALL_IPV4).with("ipv6_prefix", SMALL_IPV6)
                .with("quarantine", "10m");
    }

    @Test
    void sequentialAllocationStartsAfterTheGatewayAndCountsUp() throws StorageException {
        start(MapPluginConfig.in(dataDirectory));

        List<IpPair> pairs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pairs.add(register(storage, key(i), nullifier(i), clock.instant()));
        }

        assertThat(pairs).containsExactly(pair("10.1.0.2", "fd00::2"), pair("10.1.0.3", "fd00::3"), pair("10.1.0.4", "fd00::4"));
    }

    @Test
    void aFullPoolRefusesWithAClearMessageAndTheRegistrationLeavesNothing() throws StorageException {
        start(small());
        for (int i = 0; i < 5; i++) {
            register(storage, key(i), nullifier(i), clock.instant());
        }

        assertThatThrownBy(() -> register(storage, key(5), nullifier(5), clock.instant()))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessage("IP pool exhausted: all 5 address pairs of 10.9.0.0/29 + fd00::/125 are taken (5 allocated, 0 quarantined)");
        boolean spent = storage.inTransaction(tx -> tx.spentCredential(nullifier(5)).isPresent());
        assertThat(spent).isFalse();
        assertThat(storage.peers()).hasSize(5);
        assertThat(storage.poolStatus(clock.instant())).isEqualTo(new PoolStatus(5, 5, 0, 0));
    }

    @Test
    void aReleasedPairIsQuarantinedAndReusedOnlyAfterTheQuarantine() throws StorageException {
        start(small());
        List<IpPair> pairs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pairs.add(register(storage, key(i), nullifier(i), clock.instant()));
        }
        assertThat(remove(key(2))).isTrue();
        assertThat(storage.poolStatus(clock.instant())).isEqualTo(new PoolStatus(5, 4, 1, 0));
        assertThat(storage.ipPoolUsage(clock.instant())).contains(new IpPoolUsage(5, 4, 1));

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThatThrownBy(() -> register(storage, key(5), nullifier(5), clock.instant()))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("(4 allocated, 1 quarantined; the next leaves quarantine at 2025-06-01T12:10:00Z)");

        clock.advance(Duration.ofMillis(1));
        assertThat(storage.poolStatus(clock.instant())).isEqualTo(new PoolStatus(5, 4, 0, 1));
        assertThat(storage.ipPoolUsage(clock.instant()).orElseThrow().free()).isEqualTo(1);
        assertThat(register(storage, key(5), nullifier(5), clock.instant())).isEqualTo(pairs.get(2));
    }

    @Test
    void removingAnUnknownPeerReleasesNothing() throws StorageException {
        start(small());
        register(storage, key(1), nullifier(1), clock.instant());

        assertThat(remove(key(2))).isFalse();
        assertThat(storage.poolStatus(clock.instant())).isEqualTo(new PoolStatus(5, 1, 0, 4));
    }

    @Test
    void neverUsedPairsAreHandedOutBeforeReleasedOnes() throws StorageException {
        start(small());
        IpPair first = register(storage, key(0), nullifier(0), clock.instant());
        register(storage, key(1), nullifier(1), clock.instant());
        storage.inTransaction(tx -> tx.removePeer(key(0), clock.instant()));
        clock.advance(Duration.ofHours(1));

        assertThat(register(storage, key(2), nullifier(2), clock.instant())).isEqualTo(pair("10.9.0.4", "fd00::4"));
        assertThat(register(storage, key(3), nullifier(3), clock.instant())).isEqualTo(pair("10.9.0.5", "fd00::5"));
        assertThat(register(storage, key(4), nullifier(4), clock.instant())).isEqualTo(pair("10.9.0.6", "fd00::6"));
        assertThat(register(storage, key(5), nullifier(5), clock.instant())).isEqualTo(first);
    }

    @Test
    void theLongestReleasedPairIsReusedFirst() throws StorageException {
        start(small());
        List<IpPair> pairs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pairs.add(register(storage, key(i), nullifier(i), clock.instant()));
        }
        storage.inTransaction(tx -> tx.removePeer(key(3), clock.instant()));
        clock.advance(Duration.ofMinutes(1));
        storage.inTransaction(tx -> tx.removePeer(key(1), clock.instant()));
        clock.advance(Duration.ofHours(1));

        assertThat(register(storage, key(10), nullifier(10), clock.instant())).isEqualTo(pairs.get(3));
        assertThat(register(storage, key(11), nullifier(11), clock.instant())).isEqualTo(pairs.get(1));
    }

    @Test
    void randomAllocationFillsTheWholePoolWithDistinctPairs() throws StorageException {
        start(small().with("allocation", "random"));
        HashSet<IpPair> pairs = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            pairs.add(register(storage, key(i), nullifier(i), clock.instant()));
        }

        assertThat(pairs).hasSize(5);
        assertThatThrownBy(() -> register(storage, key(5), nullifier(5), clock.instant()))
                .isInstanceOf(PoolExhaustedException.class);
    }

    @Test
    void randomAllocationDoesNotRevealTheOrderOfRegistrations() throws StorageException {
        start(MapPluginConfig.in(dataDirectory).with("allocation", "random"));
        List<IpPair> pairs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pairs.add(register(storage, key(i), nullifier(i), clock.instant()));
        }

        // 20 sequential slots out of 65 533 by chance: probability below 10^-90
        assertThat(pairs).doesNotContainSequence(pair("10.1.0.2", "fd00::2"), pair("10.1.0.3", "fd00::3"));
        assertThat(pairs.stream().map(IpPair::ipv4).distinct()).hasSize(20);
        assertThat(pairs.stream().map(IpPair::ipv6).distinct()).hasSize(20);
        assertThat(pairs).allSatisfy(p -> assertThat(p.ipv4().getAddress()[3] & 0xff).isEqualTo(p.ipv6().getAddress()[15] & 0xff));
    }

    @Test
    void switchingFromRandomToSequentialNeverHandsOutATakenPair() throws StorageException {
        start(small().with("allocation", "random"));
        HashSet<IpPair> pairs = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            pairs.add(register(storage, key(i), nullifier(i), clock.instant()));
        }
        storage.stop();

        start(small());
        pairs.add(register(storage, key(3), nullifier(3), clock.instant()));
        pairs.add(register(storage, key(4), nullifier(4), clock.instant()));

        assertThat(pairs).hasSize(5);
        assertThatThrownBy(() -> register(storage, key(5), nullifier(5), clock.instant())).isInstanceOf(PoolExhaustedException.class);
    }

    @Test
    void aPairAllocatedButNotBoundToAPeerGoesBackToThePoolAtCommit() throws StorageException {
        start(small());
        IpPair unbound = storage.inTransaction(tx -> tx.allocateIpPair(clock.instant()));

        assertThat(storage.poolStatus(clock.instant())).isEqualTo(new PoolStatus(5, 0, 0, 5));
        storage.inTransaction(tx -> {
            for (int i = 0; i < 5; i++) {
                tx.upsertPeer(key(i), tx.peerClient(key(i), ClientKind.ENTRY_WIREGUARD), tx.allocateIpPair(clock.instant()),
                        Optional.empty(), clock.instant());
            }
            return null;
        });
        assertThat(storage.peers()).extracting(p -> p.ips()).contains(unbound).hasSize(5);
    }

    @Test
    void twoAllocationsInOneTransactionAreDistinct() throws StorageException {
        start(small());
        List<IpPair> pairs = storage.inTransaction(tx -> List.of(tx.allocateIpPair(clock.instant()), tx.allocateIpPair(clock.instant())));

        assertThat(pairs.get(0)).isNotEqualTo(pairs.get(1));
    }

    @Test
    void thePrefixesOfAPoolInUseCannotChange() throws StorageException {
        start(small());
        register(storage, key(1), nullifier(1), clock.instant());
        storage.stop();

        SqliteStorage moved = new SqliteStorage(small().with("ipv4_prefix", "10.10.0.0/29"), clock);
        assertThatThrownBy(moved::start)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("the database's IP pool is 10.9.0.0/29 + fd00::/125 but the configuration says 10.10.0.0/29 + fd00::/125")
                .hasMessageContaining("1 of its pairs are allocated or quarantined");
        storage = null;
    }

    @Test
    void thePrefixesOfAnIdlePoolCanChange() throws StorageException {
        start(small());
        register(storage, key(1), nullifier(1), clock.instant());
        storage.inTransaction(tx -> tx.removePeer(key(1), clock.instant()));
        clock.advance(Duration.ofMinutes(10));
        storage.stop();

        start(small().with("ipv4_prefix", "10.10.0.0/29"));

        assertThat(register(storage, key(2), nullifier(2), clock.instant())).isEqualTo(pair("10.10.0.2", "fd00::2"));
    }

    private boolean remove(io.lpreg.spi.WireGuardKey key) throws StorageException {
        return storage.inTransaction(tx -> tx.removePeer(key, clock.instant()));
    }
}
