package io.lpreg.engine.registration;

import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.testing.InMemoryWireGuard;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bandwidth lifecycle and start-up reconciliation, through the real gateway and SQLite plugin. */
class PeerLifecycleTest {
    private static final UnaryOperator<GatewayConfig> FAST_METER = config -> config.withMeterInterval(
            Duration.ofMillis(100));

    @TempDir
    Path dir;

    private static GatewayData register(TestGateway gateway, byte[] wgKey, String voucher) throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            return client.register(LpTestClient.dvpnRequest(WireVersion.V2, wgKey, TestVerifier.SCHEME,
                    TestVerifier.voucher(voucher))).gatewayData().orElseThrow();
        }
    }

    @Test
    void aPeerWhoseBandwidthIsSpentIsRemoved() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, FAST_METER, builder -> { })) {
            WireGuardKey spender = new WireGuardKey(LpTestClient.randomKey());
            WireGuardKey saver = new WireGuardKey(LpTestClient.randomKey());
            register(gateway, spender.bytes(), "ok:" + UUID.randomUUID());
            register(gateway, saver.bytes(), "ok:" + UUID.randomUUID());

            gateway.wireGuard().setCounters(spender, 600_000, 500_000);
            gateway.wireGuard().setCounters(saver, 100_000, 100_000);

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(gateway.wireGuard().configured()).doesNotContainKey(spender));
            // the meter has run whole ticks since, and the saver, whose balance is not spent, is still there
            int listed = gateway.wireGuard().listings();
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.wireGuard().listings() >= listed + 3);
            assertThat(gateway.wireGuard().configured()).containsKey(saver);
        }
    }

    @Test
    void aStoredPeerTheInterfaceLostIsPutBackWhileRunning() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, FAST_METER, builder -> { })) {
            WireGuardKey key = new WireGuardKey(LpTestClient.randomKey());
            GatewayData data = register(gateway, key.bytes(), "ok:" + UUID.randomUUID());
            gateway.wireGuard().removePeer(key);

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(gateway.wireGuard().configured()).containsKey(key));
            assertThat(gateway.wireGuard().configured().get(key).allowedIps().ipv4()).isEqualTo(data.privateIpv4());
        }
    }

    @Test
    void startUpReappliesStoredPeersAndRemovesStrangers() throws Exception {
        WireGuardKey registered = new WireGuardKey(LpTestClient.randomKey());
        GatewayData data;
        try (TestGateway gateway = TestGateway.start(dir)) {
            data = register(gateway, registered.bytes(), "ok:" + UUID.randomUUID());
        }
        InMemoryWireGuard restarted = TestGateway.newWireGuard();
        WireGuardKey stranger = new WireGuardKey(LpTestClient.randomKey());
        restarted.addStranger(new PeerConfig(stranger, new IpPair((Inet4Address) InetAddress.getByName("10.9.9.9"),
                (Inet6Address) InetAddress.getByName("fd00::9999")), Optional.empty(), Duration.ZERO));

        try (TestGateway gateway = TestGateway.start(dir, UnaryOperator.identity(), builder -> { }, restarted)) {
            assertThat(restarted.configured()).containsOnlyKeys(registered);
            assertThat(restarted.configured().get(registered).allowedIps().ipv4()).isEqualTo(data.privateIpv4());
            assertThat(gateway.gateway().health().isUp()).isTrue();
        }
    }
}
