package io.lpreg.client;

import io.lpreg.client.credential.CredentialSource;
import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.client.probe.LpProbe;
import io.lpreg.client.probe.ProbeResult;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The client library and the probe against the real gateway on 127.0.0.1. */
class LpRegistrationClientTest {
    private static final ClientTimeouts FAST = new ClientTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));

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

    private static GatewayTarget target() throws Exception {
        return new GatewayTarget(gateway.address(), GatewayKey.identity(gateway.gateway().identityKey()));
    }

    private static LpRegistrationClient client(CredentialSource source) {
        return new LpRegistrationClient(FAST, RetryPolicy.defaults(), source, Clock.systemUTC());
    }

    @ParameterizedTest
    @EnumSource(WireVersion.class)
    void registersForDvpnWithTheMockCredential(WireVersion version) throws Exception {
        KeyPair wireGuardKeys = KeyPair.generate(new SecureRandom());
        RegistrationResult result = client(new MockCredentialSource())
                .register(target(), RegistrationOptions.dvpn(version).withWireGuardKeys(wireGuardKeys));

        assertThat(result).isInstanceOfSatisfying(RegistrationResult.Registered.class, registered -> {
            assertThat(registered.gatewayData()).isPresent();
            assertThat(registered.wireGuardKeys()).isEqualTo(wireGuardKeys);
            assertThat(registered.allocatedBandwidth()).isEqualTo(1L << 30);
            assertThat(registered.timings().total()).isPresent();
            assertThat(registered.timings().attempts()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(WireVersion.class)
    void registersForMixnet(WireVersion version) throws Exception {
        RegistrationResult result = client(new MockCredentialSource())
                .register(target(), RegistrationOptions.mixnet(new byte[32], version));
        assertThat(result).isInstanceOfSatisfying(RegistrationResult.Registered.class,
                registered -> assertThat(registered.gatewayData()).isEmpty());
    }

    @Test
    void aRefusalCarriesTheGatewaysReason() throws Exception {
        RegistrationResult result = client(CredentialSource.supplied(
                new RequestCredential.Envelope(TestVerifier.SCHEME, TestVerifier.voucher("reject"))))
                .register(target(), RegistrationOptions.dvpn(WireVersion.V2));
        assertThat(result).isInstanceOfSatisfying(RegistrationResult.Refused.class, refused -> assertThat(refused.reason())
                .isEqualTo("Credential verification failed: voucher signature does not verify"));
    }

    @Test
    void entryAndExitRegisterConcurrentlyInOneCall() throws Exception {
        LpRegistrationClient.EntryAndExit both = client(new MockCredentialSource()).registerEntryAndExit(
                target(), RegistrationOptions.dvpn(WireVersion.V1),
                target(), RegistrationOptions.dvpn(WireVersion.V1).withTicketType(TicketType.WIREGUARD_EXIT));
        assertThat(both.entry().isRegistered()).isTrue();
        assertThat(both.exit().isRegistered()).isTrue();
    }

    @Test
    void aRefusedConnectionIsRetriedWithBackoffAndThenReported() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }
        LpRegistrationClient client = new LpRegistrationClient(FAST,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)), new MockCredentialSource(), Clock.systemUTC());
        RegistrationResult result = client.register(new GatewayTarget(closed, target().key()), RegistrationOptions.dvpn(WireVersion.V1));
        assertThat(result).isInstanceOfSatisfying(RegistrationResult.Failed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.CONNECT);
            assertThat(failed.message()).contains("after 3 attempts");
            assertThat(failed.timings().attempts()).isEqualTo(3);
        });
    }

    @Test
    void aBusyGatewayIsRetriedAndThenReported(@TempDir Path busyDir) throws Exception {
        try (TestGateway busy = TestGateway.start(busyDir, config -> config.withListener(
                config.listener().withMaxConnections(1).withConnectionRate(1000, 1000)), builder -> { });
             java.net.Socket hog = new java.net.Socket("127.0.0.1", busy.address().getPort())) {
            await().atMost(Duration.ofSeconds(10)).alias("the hog holds the only slot")
                    .until(() -> busy.metric("lp_active_lp_connections") == 1);
            LpRegistrationClient client = new LpRegistrationClient(FAST,
                    new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), new MockCredentialSource(), Clock.systemUTC());
            RegistrationResult result = client.register(new GatewayTarget(busy.address(),
                    GatewayKey.identity(busy.gateway().identityKey())), RegistrationOptions.dvpn(WireVersion.V1));
            assertThat(result).isInstanceOfSatisfying(RegistrationResult.Failed.class, failed -> {
                assertThat(failed.step()).isEqualTo(Step.HANDSHAKE);
                assertThat(failed.message()).contains("is busy").contains("after 2 attempts");
            });
            assertThat(busy.metric("lp_connections_total", "result", "busy")).isEqualTo(2);
        }
    }

    @Test
    void theProbeSucceedsAgainstTheGateway() throws Exception {
        ProbeResult result = new LpProbe(FAST, new MockCredentialSource()).probe(target(), WireVersion.V1);
        assertThat(result.canConnect()).isTrue();
        assertThat(result.canHandshake()).isTrue();
        assertThat(result.canRegister()).isTrue();
        assertThat(result.error()).isEmpty();
    }

    @Test
    void theProbeReportsAWrongKeyAtTheHandshake() throws Exception {
        GatewayTarget wrong = new GatewayTarget(gateway.address(), GatewayKey.lp(KeyPair.generate(new SecureRandom()).publicKey()));
        ProbeResult result = new LpProbe(FAST, new MockCredentialSource()).probe(wrong, WireVersion.V1);
        assertThat(result.canConnect()).isTrue();
        assertThat(result.canHandshake()).isFalse();
        assertThat(result.canRegister()).isFalse();
        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).startsWith("handshake failed"));
    }

    @Test
    void theProbeReportsAStoppedGatewayAtConnect(@TempDir Path stoppedDir) throws Exception {
        TestGateway stopped = TestGateway.start(stoppedDir);
        GatewayTarget target = new GatewayTarget(stopped.address(), GatewayKey.identity(stopped.gateway().identityKey()));
        stopped.close();
        ProbeResult result = new LpProbe(FAST, new MockCredentialSource()).probe(target, WireVersion.V1);
        assertThat(result.canConnect()).isFalse();
        assertThat(result.canHandshake()).isFalse();
        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).startsWith("connect failed"));
    }

    @Test
    void theProbeReportsARefusedCredentialAtRegistration() throws Exception {
        ProbeResult result = new LpProbe(FAST, CredentialSource.supplied(
                new RequestCredential.Envelope(TestVerifier.SCHEME, TestVerifier.voucher("reject"))))
                .probe(target(), WireVersion.V2);
        assertThat(result.canConnect()).isTrue();
        assertThat(result.canHandshake()).isTrue();
        assertThat(result.canRegister()).isFalse();
        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).contains("voucher signature does not verify"));
    }

    private static byte[] psk(int fill) {
        byte[] psk = new byte[32];
        java.util.Arrays.fill(psk, (byte) fill);
        return psk;
    }

    private static byte[] presharedKeyOf(KeyPair wireGuardKeys) {
        return gateway.wireGuard().configured().get(new WireGuardKey(wireGuardKeys.publicKey())).presharedKey().orElseThrow();
    }

    @Test
    void theCallersWireGuardKeyIsProvenSoItsReRegistrationChangesThePresharedKeyAndOneWithoutTheProofDoesNot()
            throws Exception {
        KeyPair wireGuardKeys = KeyPair.generate(new SecureRandom());
        LpRegistrationClient client = client(new MockCredentialSource());
        RegistrationOptions options = RegistrationOptions.dvpn(WireVersion.V2).withWireGuardKeys(wireGuardKeys);
        assertThat(client.register(target(), options.withPresharedKey(psk(0x11))).isRegistered()).isTrue();
        assertThat(client.register(target(), options.withPresharedKey(psk(0x22))).isRegistered()).isTrue();
        assertThat(presharedKeyOf(wireGuardKeys)).as("the proof lets the key's holder change it").isEqualTo(psk(0x22));

        try (LpTestClient stranger = gateway.client(WireVersion.V2)) {
            stranger.handshake();
            LpRegistrationResponse response = stranger.register(new LpRegistrationRequest(wireGuardKeys.publicKey(),
                    new RequestCredential.Envelope(TestVerifier.SCHEME, TestVerifier.voucher("ok:" + UUID.randomUUID())),
                    TicketType.WIREGUARD_ENTRY, new RegistrationMode.Dvpn(), InetAddress.getLoopbackAddress(),
                    Instant.now().getEpochSecond(), Optional.of(psk(0x33))));
            assertThat(response.success()).as("%s", response.error()).isTrue();
        }
        assertThat(presharedKeyOf(wireGuardKeys)).as("without the proof the old key stays").isEqualTo(psk(0x22));
    }
}
