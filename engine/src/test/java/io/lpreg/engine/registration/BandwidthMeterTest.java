package io.lpreg.engine.registration;

import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.InMemoryWireGuard;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.WireGuardKey;
import io.lpreg.testkit.storage.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One tick of the bandwidth meter at a time, on real SQLite storage and the in-memory interface. */
class BandwidthMeterTest {
    private static final Duration KEEPALIVE = Duration.ofSeconds(25);

    @TempDir
    Path dir;
    private FaultyStorage storage;
    private final InMemoryWireGuard wireGuard = TestGateway.newWireGuard();
    private final PeerClaims claims = new PeerClaims();
    private final MutableClock clock = new MutableClock(Instant.now());
    private BandwidthMeter meter;

    @BeforeEach
    void start() throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("lib"), dir.resolve("data"));
        storage.start();
        meter = new BandwidthMeter(storage, wireGuard, clock, KEEPALIVE, claims);
    }

    @AfterEach
    void stop() {
        storage.stop();
    }

    /** A registered peer with {@code balance} bytes valid for a day, stored and, if asked, on the interface. */
    private WireGuardKey peer(long balance, boolean onInterface) throws Exception {
        WireGuardKey key = new WireGuardKey(LpTestClient.randomKey());
        Instant now = clock.instant();
        IpPair ips = storage.inTransaction(transaction -> {
            ClientId client = transaction.peerClient(key, ClientKind.ENTRY_WIREGUARD);
            transaction.creditBandwidth(client, balance, now.plus(Duration.ofDays(1)));
            IpPair allocated = transaction.allocateIpPair(now);
            transaction.upsertPeer(key, client, allocated, Optional.empty(), now);
            return allocated;
        });
        if (onInterface) {
            wireGuard.addPeer(new PeerConfig(key, ips, Optional.empty(), KEEPALIVE));
        }
        return key;
    }

    static IpPair ips(String ipv4, String ipv6) throws Exception {
        return new IpPair((Inet4Address) InetAddress.getByName(ipv4), (Inet6Address) InetAddress.getByName(ipv6));
    }

    private long balance(WireGuardKey key) throws Exception {
        return storage.balance(key).map(Bandwidth::availableBytes).orElseThrow();
    }

    @Test
    void aPeerTheRegistrationAppliedIsChargedItsTrafficFromZero() throws Exception {
        WireGuardKey key = peer(10_000, true);
        meter.peerApplied(key);
        wireGuard.setCounters(key, 100, 50);

        assertThat(meter.tick().debitedBytes()).isEqualTo(150);
        assertThat(balance(key)).isEqualTo(9_850);

        wireGuard.setCounters(key, 300, 100);
        assertThat(meter.tick().debitedBytes()).as("only the traffic since the last reading").isEqualTo(250);
        assertThat(balance(key)).isEqualTo(9_600);

        assertThat(meter.tick().debitedBytes()).as("no traffic, no debit").isZero();
        assertThat(balance(key)).isEqualTo(9_600);
    }

    @Test
    void aPeerFirstSeenByThisProcessIsChargedOnlyFromItsFirstReading() throws Exception {
        WireGuardKey key = peer(10_000, true);
        wireGuard.setCounters(key, 4_000, 1_000);

        assertThat(meter.tick().debitedBytes()).as("the previous process may have charged it").isZero();
        wireGuard.setCounters(key, 4_100, 1_000);
        assertThat(meter.tick().debitedBytes()).isEqualTo(100);
        assertThat(balance(key)).isEqualTo(9_900);
    }

    @Test
    void trafficWhoseDebitDidNotCommitIsChargedOnTheNextTick() throws Exception {
        WireGuardKey key = peer(10_000, true);
        meter.peerApplied(key);
        wireGuard.setCounters(key, 100, 50);
        storage.inject(FaultyStorage.Fault.FAIL_COMMIT);

        assertThatThrownBy(meter::tick).isInstanceOf(StorageException.class);
        assertThat(balance(key)).isEqualTo(10_000);

        storage.inject(FaultyStorage.Fault.NONE);
        wireGuard.setCounters(key, 200, 50);
        assertThat(meter.tick().debitedBytes()).as("the outage's traffic and the traffic since").isEqualTo(250);
        assertThat(balance(key)).isEqualTo(9_750);
    }

    @Test
    void countersThatWentDownDuringAnOutageAreChargedFromZeroOnceStorageIsBack() throws Exception {
        WireGuardKey key = peer(10_000, true);
        meter.peerApplied(key);
        wireGuard.setCounters(key, 1_000, 0);
        meter.tick();
        wireGuard.setCounters(key, 30, 20);
        storage.inject(FaultyStorage.Fault.FAIL_COMMIT);

        assertThatThrownBy(meter::tick).isInstanceOf(StorageException.class);

        storage.inject(FaultyStorage.Fault.NONE);
        assertThat(meter.tick().debitedBytes()).isEqualTo(50);
        assertThat(balance(key)).isEqualTo(8_950);
    }

    @Test
    void countersThatWentDownMeanAPeerRecreatedAndCountFromZero() throws Exception {
        WireGuardKey key = peer(10_000, true);
        meter.peerApplied(key);
        wireGuard.setCounters(key, 1_000, 0);
        meter.tick();

        wireGuard.setCounters(key, 30, 20);
        assertThat(meter.tick().debitedBytes()).isEqualTo(50);
        assertThat(balance(key)).isEqualTo(8_950);
    }

    @Test
    void aPeerWhoseBalanceIsSpentIsRemovedFromStorageAndTheInterfaceAndOthersStay() throws Exception {
        WireGuardKey spender = peer(1_000, true);
        WireGuardKey saver = peer(1_000, true);
        meter.peerApplied(spender);
        meter.peerApplied(saver);
        wireGuard.setCounters(spender, 600, 500);
        wireGuard.setCounters(saver, 100, 100);

        BandwidthMeter.Tick tick = meter.tick();

        assertThat(tick.removedPeers()).isEqualTo(1);
        assertThat(wireGuard.configured()).containsOnlyKeys(saver);
        assertThat(storage.peers()).extracting(peer -> peer.publicKey()).containsExactly(saver);
        assertThat(balance(saver)).isEqualTo(800);
    }

    @Test
    void aPeerWhoseBandwidthExpiredIsRemovedWithoutTraffic() throws Exception {
        WireGuardKey key = peer(1_000_000, true);
        assertThat(meter.tick().removedPeers()).isZero();

        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(meter.tick().removedPeers()).isEqualTo(1);
        assertThat(wireGuard.configured()).isEmpty();
        assertThat(storage.peers()).isEmpty();
    }

    @Test
    void aRemovalTheInterfaceRefusedIsRetriedOnTheNextTick() throws Exception {
        WireGuardKey key = peer(100, true);
        meter.peerApplied(key);
        wireGuard.setCounters(key, 100, 100);
        wireGuard.failRemovePeer("EIO");

        assertThat(meter.tick().removedPeers()).isZero();
        assertThat(storage.peers()).as("storage is the truth: removed there").isEmpty();
        assertThat(wireGuard.configured()).containsKey(key);

        wireGuard.failRemovePeer(null);
        assertThat(meter.tick().removedPeers()).isEqualTo(1);
        assertThat(wireGuard.configured()).isEmpty();
    }

    @Test
    void aStoredPeerTheInterfaceLostIsPutBackWithItsAddresses() throws Exception {
        WireGuardKey key = peer(10_000, false);

        BandwidthMeter.Tick tick = meter.tick();

        assertThat(tick.reappliedPeers()).isEqualTo(1);
        assertThat(wireGuard.configured()).containsOnlyKeys(key);
        assertThat(wireGuard.configured().get(key).allowedIps()).isEqualTo(storage.peers().get(0).ips());
        assertThat(wireGuard.configured().get(key).persistentKeepalive()).isEqualTo(KEEPALIVE);
        assertThat(meter.tick().reappliedPeers()).isZero();
    }

    @Test
    void aStoredPeerWhoseRegistrationIsInFlightIsNotPutBack() throws Exception {
        WireGuardKey key = peer(10_000, false);
        try (PeerClaims.Claim registering = claims.claim(key)) {
            assertThat(meter.tick().reappliedPeers()).isZero();
        }
        assertThat(wireGuard.configured()).isEmpty();
    }

    @Test
    void aPeerStorageDoesNotKnowIsRemovedOnItsSecondSightingOnly() throws Exception {
        WireGuardKey stranger = new WireGuardKey(LpTestClient.randomKey());
        wireGuard.addStranger(new PeerConfig(stranger, ips("10.9.9.9", "fd00::9999"), Optional.empty(), KEEPALIVE));

        assertThat(meter.tick().strangersRemoved()).as("first sighting: maybe a commit in progress").isZero();
        assertThat(wireGuard.configured()).containsKey(stranger);

        assertThat(meter.tick().strangersRemoved()).isEqualTo(1);
        assertThat(wireGuard.configured()).isEmpty();
    }

    @Test
    void aClaimedUnknownPeerIsNoStranger() throws Exception {
        WireGuardKey registering = new WireGuardKey(LpTestClient.randomKey());
        wireGuard.addStranger(new PeerConfig(registering, ips("10.9.9.8", "fd00::9998"), Optional.empty(), KEEPALIVE));
        try (PeerClaims.Claim claim = claims.claim(registering)) {
            assertThat(meter.tick().strangersRemoved()).isZero();
            assertThat(meter.tick().strangersRemoved()).isZero();
        }
        assertThat(wireGuard.configured()).containsKey(registering);
    }
}
