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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 §A3: the meter removes a spent peer from storage, and a top-up pays for it again before the meter
 * reaches the interface. The top-up holds the key's claim across its commit, so the meter, which removes
 * under the same claim, finds the peer stored again and leaves it on the interface.
 */
class MeterTopUpRaceTest {
    @TempDir
    Path dir;
    private FaultyStorage storage;

    @BeforeEach
    void start() throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("lib"), dir.resolve("data"));
        storage.start();
    }

    @AfterEach
    void stop() {
        storage.stop();
    }

    private IpPair store(WireGuardKey key, long balance) throws Exception {
        Instant now = Instant.now();
        return storage.inTransaction(transaction -> {
            ClientId client = transaction.peerClient(key, ClientKind.ENTRY_WIREGUARD);
            transaction.creditBandwidth(client, balance, now.plus(Duration.ofDays(1)));
            IpPair ips = transaction.allocateIpPair(now);
            transaction.upsertPeer(key, client, ips, Optional.empty(), now);
            return ips;
        });
    }

    @Test
    void aPeerToppedUpWhileTheMeterRemovesItStaysOnTheInterface() throws Exception {
        InMemoryWireGuard wireGuard = TestGateway.newWireGuard();
        PeerClaims claims = new PeerClaims();
        BandwidthMeter meter = new BandwidthMeter(storage, wireGuard, Clock.systemUTC(), Duration.ofSeconds(25), claims);
        WireGuardKey key = new WireGuardKey(LpTestClient.randomKey());
        IpPair ips = store(key, 1000);
        wireGuard.addPeer(new PeerConfig(key, ips, Optional.empty(), Duration.ofSeconds(25)));
        meter.tick();
        wireGuard.setCounters(key, 600, 600);

        CompletableFuture<BandwidthMeter.Tick> tick;
        try (PeerClaims.Claim topUp = claims.claim(key)) {
            tick = CompletableFuture.supplyAsync(() -> {
                try {
                    return meter.tick();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> storage.peers().isEmpty());
            // the top-up: credits, stores the peer again and re-applies it, all before its claim ends
            store(key, 500_000_000L);
            wireGuard.addPeer(new PeerConfig(key, ips, Optional.empty(), Duration.ofSeconds(25)));
        }

        assertThat(tick.get().removedPeers()).isZero();
        assertThat(wireGuard.configured()).containsKey(key);
        assertThat(storage.peers()).extracting(peer -> peer.publicKey()).containsExactly(key);
    }
}
