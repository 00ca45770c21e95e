package io.lpreg.engine.registration;

import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.InMemoryWireGuard;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22 §B1: a gateway restarted over an interface whose peers kept their counters (the uapi and wg
 * backends) reads them before it serves, so a top-up before its first meter tick is not charged the peer's
 * lifetime traffic.
 */
class RestartMeteringTest {
    @TempDir
    Path dir;

    private static void register(TestGateway gateway, WireGuardKey key) throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            assertThat(client.register(LpTestClient.dvpnRequest(WireVersion.V2, key.bytes(), TestVerifier.SCHEME,
                    TestVerifier.voucher("ok:" + UUID.randomUUID()))).success()).isTrue();
        }
    }

    private TestGateway start(FaultyStorage storage, Duration meterInterval, InMemoryWireGuard wireGuard)
            throws Exception {
        return TestGateway.start(dir, config -> config.withMeterInterval(meterInterval).withStorage("faulty"),
                builder -> builder.extension(storage), wireGuard);
    }

    private FaultyStorage ledger(String run) throws Exception {
        return FaultyStorage.sqlite(dir.resolve("lib-" + run), dir.resolve("ledger"));
    }

    private static long balance(FaultyStorage storage, WireGuardKey key) throws Exception {
        return storage.balance(key).map(Bandwidth::availableBytes).orElseThrow();
    }

    @Test
    void aTopUpBeforeTheFirstTickAfterARestartIsNotChargedThePeersLifetimeTraffic() throws Exception {
        InMemoryWireGuard wireGuard = TestGateway.newWireGuard();
        WireGuardKey key = new WireGuardKey(LpTestClient.randomKey());
        try (TestGateway before = start(ledger("before"), Duration.ofHours(1), wireGuard)) {
            register(before, key);
        }
        // traffic the process before carried (and charged, or not: it is gone); the interface keeps counting
        wireGuard.setCounters(key, 300_000, 300_000);

        FaultyStorage storage = ledger("after");
        try (TestGateway after = start(storage, Duration.ofSeconds(2), wireGuard)) {
            register(after, key);
            wireGuard.setCounters(key, 300_100, 300_000);

            long credited = 2 * TestVerifier.BANDWIDTH;
            await().atMost(Duration.ofSeconds(10)).until(() -> balance(storage, key) < credited);
            assertThat(balance(storage, key)).as("both credits, less only the traffic since the restart")
                    .isEqualTo(credited - 100);
        }
    }
}
