package io.lpreg.engine.registration;

import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.InMemoryWireGuard;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Start-up reconciliation alone: storage is the truth, the interface is made to match it. */
class ReconcilerTest {
    private static final Duration KEEPALIVE = Duration.ofSeconds(25);

    @TempDir
    Path dir;
    private FaultyStorage storage;
    private final InMemoryWireGuard wireGuard = TestGateway.newWireGuard();

    @BeforeEach
    void start() throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("lib"), dir.resolve("data"));
        storage.start();
    }

    @AfterEach
    void stop() {
        storage.stop();
    }

    private PeerConfig stored(Optional<byte[]> presharedKey) throws Exception {
        WireGuardKey key = new WireGuardKey(LpTestClient.randomKey());
        Instant now = Instant.now();
        IpPair ips = storage.inTransaction(transaction -> {
            ClientId client = transaction.peerClient(key, ClientKind.ENTRY_WIREGUARD);
            transaction.creditBandwidth(client, 1_000, now.plus(Duration.ofDays(1)));
            IpPair allocated = transaction.allocateIpPair(now);
            transaction.upsertPeer(key, client, allocated, presharedKey, now);
            return allocated;
        });
        return new PeerConfig(key, ips, presharedKey, KEEPALIVE);
    }

    @Test
    void storedPeersMissingOnTheInterfaceArePutBackAndStrangersRemoved() throws Exception {
        PeerConfig present = stored(Optional.empty());
        PeerConfig lost = stored(Optional.of(LpTestClient.randomKey()));
        wireGuard.addPeer(present);
        WireGuardKey stranger = new WireGuardKey(LpTestClient.randomKey());
        wireGuard.addStranger(new PeerConfig(stranger, BandwidthMeterTest.ips("10.9.9.9", "fd00::9999"), Optional.empty(),
                KEEPALIVE));

        Reconciler.Result result = Reconciler.reconcile(storage, wireGuard, KEEPALIVE);

        assertThat(result).isEqualTo(new Reconciler.Result(1, 1));
        assertThat(wireGuard.configured()).containsOnlyKeys(present.publicKey(), lost.publicKey());
        PeerConfig reapplied = wireGuard.configured().get(lost.publicKey());
        assertThat(reapplied.allowedIps()).isEqualTo(lost.allowedIps());
        assertThat(reapplied.presharedKey()).hasValueSatisfying(psk -> assertThat(psk).isEqualTo(lost.presharedKey().get()));
        assertThat(reapplied.persistentKeepalive()).isEqualTo(KEEPALIVE);
    }

    @Test
    void anInterfaceThatMatchesStorageIsLeftAlone() throws Exception {
        PeerConfig peer = stored(Optional.empty());
        wireGuard.addPeer(peer);

        assertThat(Reconciler.reconcile(storage, wireGuard, KEEPALIVE)).isEqualTo(new Reconciler.Result(0, 0));
        assertThat(wireGuard.configured()).containsOnlyKeys(peer.publicKey());
    }

    @Test
    void aSecondRunFindsNothingToDo() throws Exception {
        stored(Optional.empty());
        wireGuard.addStranger(new PeerConfig(new WireGuardKey(LpTestClient.randomKey()),
                BandwidthMeterTest.ips("10.9.9.7", "fd00::9997"), Optional.empty(), KEEPALIVE));

        assertThat(Reconciler.reconcile(storage, wireGuard, KEEPALIVE)).isEqualTo(new Reconciler.Result(1, 1));
        assertThat(Reconciler.reconcile(storage, wireGuard, KEEPALIVE)).isEqualTo(new Reconciler.Result(0, 0));
    }
}
