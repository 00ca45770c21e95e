package io.lpreg.engine.registration;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Registrations through the real gateway on 127.0.0.1 with the real SQLite and mock e-cash plugins. */
class RegistrationEndToEndTest {
    @TempDir
    static Path dir;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(dir);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private LpRegistrationResponse register(WireVersion version, LpRegistrationRequest request) throws Exception {
        try (LpTestClient client = gateway.client(version)) {
            client.handshake();
            return client.register(request);
        }
    }

    @ParameterizedTest
    @EnumSource(WireVersion.class)
    void dvpnRegistrationReturnsAWireGuardPeerAndConfiguresIt(WireVersion version) throws Exception {
        byte[] wgKey = LpTestClient.randomKey();
        LpRegistrationResponse response = register(version,
                LpTestClient.dvpnRequest(version, wgKey, "nym-zknym", new byte[] {1, 2, 3}));

        assertThat(response.success()).as(response.error().orElse("")).isTrue();
        GatewayData data = response.gatewayData().orElseThrow();
        assertThat(data.publicKey()).isEqualTo(gateway.wireGuard().publicKey().bytes());
        assertThat(data.endpoint()).isEqualTo(new InetSocketAddress("203.0.113.7", 51822));
        assertThat(data.privateIpv4().getHostAddress()).startsWith("10.1.");
        assertThat(data.privateIpv6().getHostAddress()).startsWith("fd00:");
        assertThat(response.allocatedBandwidth()).isEqualTo(1L << 30);
        assertThat(gateway.wireGuard().configured()).containsKey(new WireGuardKey(wgKey));
        assertThat(gateway.wireGuard().configured().get(new WireGuardKey(wgKey)).allowedIps().ipv4())
                .isEqualTo(data.privateIpv4());
        assertThat(gateway.metric("lp_registration_success_total", "mode", "dvpn")).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(WireVersion.class)
    void mixnetRegistrationCreditsBandwidthWithoutGatewayData(WireVersion version) throws Exception {
        byte[] clientId = LpTestClient.randomKey();
        LpRegistrationResponse response = register(version, LpTestClient.request(version, LpTestClient.randomKey(),
                new RegistrationMode.Mixnet(clientId), "nym-zknym", new byte[] {4}));

        assertThat(response.success()).as(response.error().orElse("")).isTrue();
        assertThat(response.gatewayData()).isEmpty();
        assertThat(response.allocatedBandwidth()).isEqualTo(1L << 30);
        assertThat(gateway.metric("lp_registration_success_total", "mode", "mixnet")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void reRegisteringAKnownKeyKeepsItsAddresses() throws Exception {
        byte[] wgKey = LpTestClient.randomKey();
        GatewayData first = register(WireVersion.V1, LpTestClient.dvpnRequest(WireVersion.V1, wgKey, null, null))
                .gatewayData().orElseThrow();
        GatewayData second = register(WireVersion.V2, LpTestClient.dvpnRequest(WireVersion.V2, wgKey, "nym-zknym", new byte[] {9}))
                .gatewayData().orElseThrow();
        assertThat(second.privateIpv4()).isEqualTo(first.privateIpv4());
        assertThat(second.privateIpv6()).isEqualTo(first.privateIpv6());
    }

    @Test
    void theSameRequestRetriedAfterALostResponseGetsTheSameAnswer() throws Exception {
        byte[] wgKey = LpTestClient.randomKey();
        byte[] voucher = TestVerifier.voucher("ok:" + UUID.randomUUID());
        LpRegistrationRequest request = LpTestClient.dvpnRequest(WireVersion.V2, wgKey, TestVerifier.SCHEME, voucher);
        LpRegistrationResponse first = register(WireVersion.V2, request);
        LpRegistrationResponse retry = register(WireVersion.V2, request);

        assertThat(first.success()).as(first.error().orElse("")).isTrue();
        assertThat(retry.success()).as(retry.error().orElse("")).isTrue();
        assertThat(retry.gatewayData()).isEqualTo(first.gatewayData());
        assertThat(retry.allocatedBandwidth()).isEqualTo(first.allocatedBandwidth()).isEqualTo(TestVerifier.BANDWIDTH);
    }

    @Test
    void aPresharedKeyFromAV2RequestIsConfiguredOnThePeer() throws Exception {
        byte[] wgKey = LpTestClient.randomKey();
        byte[] psk = LpTestClient.randomKey();
        LpRegistrationRequest base = LpTestClient.dvpnRequest(WireVersion.V2, wgKey, "nym-zknym", new byte[] {7});
        LpRegistrationRequest request = new LpRegistrationRequest(base.wgPublicKey(), base.credential(), base.ticketType(),
                base.mode(), base.clientIp(), base.timestamp(), java.util.Optional.of(psk));
        assertThat(register(WireVersion.V2, request).success()).isTrue();
        assertThat(gateway.wireGuard().configured().get(new WireGuardKey(wgKey)).presharedKey()).hasValueSatisfying(value -> assertThat(value).isEqualTo(psk));
    }
}
