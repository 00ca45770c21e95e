package io.lpreg.engine.listener;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every refusal path: the connection is closed cleanly, the refusal counts in a metric with its reason,
 * and the gateway goes on serving the next client.
 */
class RefusalTest {
    @TempDir
    static Path dir;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(dir, config -> config.withListener(config.listener()
                .withTimeouts(Duration.ofSeconds(1), config.listener().connectionTimeout())), builder -> { });
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void theNextClientStillRegisters() throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.handshake();
            LpRegistrationResponse response = client.register(
                    LpTestClient.dvpnRequest(WireVersion.V1, LpTestClient.randomKey(), null, null));
            assertThat(response.success()).as(response.error().orElse("")).isTrue();
        }
    }

    private double handshakeFailures(String reason) throws Exception {
        return gateway.metric("lp_handshakes_failed_total", "reason", reason);
    }

    private void assertCounted(String reason, double before) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(handshakeFailures(reason)).isGreaterThan(before));
    }

    @Test
    void garbageBytesAreRefused() throws Exception {
        double before = handshakeFailures("bad_length");
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.sendRaw(new byte[] {0, 0, 0, 5, 1, 2, 3, 4, 5});
            assertThat(client.closedByGateway()).isTrue();
        }
        assertCounted("bad_length", before);
    }

    @Test
    void aLengthPrefixOf0x7fffffffIsRefusedWithoutWaitingForTheBody() throws Exception {
        double before = handshakeFailures("bad_length");
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            assertThat(client.closedByGateway()).isTrue();
        }
        assertCounted("bad_length", before);
    }

    @Test
    void aTruncatedFrameIsRefused() throws Exception {
        double before = handshakeFailures("bad_length");
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.sendRaw(new byte[] {0, 0, 0, 100, 1, 2, 3});
            client.close();
        }
        assertCounted("bad_length", before);
    }

    @Test
    void anUnknownMessageTypeIsRefused() throws Exception {
        double before = handshakeFailures("unknown_message_type");
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            byte[] packet = new LpPacket(WireVersion.V1, 0, 0, MessageType.CLIENT_HELLO, new byte[64]).encode();
            packet[16] = 9;
            client.send(packet);
            assertThat(client.closedByGateway()).isTrue();
        }
        assertCounted("unknown_message_type", before);
    }

    @Test
    void staleAndFutureClientHellosAreRefused() throws Exception {
        double stale = handshakeFailures("stale_timestamp");
        double future = handshakeFailures("future_timestamp");
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.session().start(Instant.now().minusSeconds(31), new SecureRandom())
                    .forEach(packet -> send(client, packet));
            assertThat(client.closedByGateway()).isTrue();
        }
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.session().start(Instant.now().plusSeconds(60), new SecureRandom())
                    .forEach(packet -> send(client, packet));
            assertThat(client.closedByGateway()).isTrue();
        }
        assertCounted("stale_timestamp", stale);
        assertCounted("future_timestamp", future);
    }

    @Test
    void aReplayedHelloAndMsg1AreRefusedWithinTheWindow() throws Exception {
        List<byte[]> captured;
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.handshake();
            captured = client.sentPackets().subList(0, 2);
        }
        double before = handshakeFailures("replayed_hello");
        try (LpTestClient replay = gateway.client(WireVersion.V1)) {
            for (byte[] packet : captured) {
                replay.send(packet);
            }
            assertThat(replay.closedByGateway()).isTrue();
        }
        assertCounted("replayed_hello", before);
    }

    @Test
    void aClientWithTheWrongGatewayKeyIsRefused() throws Exception {
        double before = handshakeFailures("lp_id_mismatch");
        byte[] wrongKey = KeyPair.generate(new SecureRandom()).publicKey();
        try (LpTestClient client = new LpTestClient(gateway.address(), wrongKey, WireVersion.V1)) {
            try {
                client.handshake();
            } catch (IOException | LpProtocolException expected) {
                // the gateway closes instead of answering msg1
            }
            assertThat(client.closedByGateway()).isTrue();
        }
        assertCounted("lp_id_mismatch", before);
    }

    @Test
    void aCredentialTheVerifierRejectsIsRefusedWithItsReason() throws Exception {
        double before = gateway.metric("lp_credential_verification_failed_total", "reason", "bad_signature");
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            LpRegistrationResponse response = client.register(LpTestClient.dvpnRequest(WireVersion.V2,
                    LpTestClient.randomKey(), TestVerifier.SCHEME, TestVerifier.voucher("reject")));
            assertThat(response.success()).isFalse();
            assertThat(response.error()).hasValue("Credential verification failed: voucher signature does not verify");
            assertThat(client.closedByGateway()).isTrue();
        }
        assertThat(gateway.metric("lp_credential_verification_failed_total", "reason", "bad_signature")).isEqualTo(before + 1);
        assertThat(gateway.metric("lp_registration_failed_total", "reason", "credential_rejected")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theSameCredentialSpentTwiceIsRefusedTheSecondTime() throws Exception {
        byte[] voucher = TestVerifier.voucher("ok:" + UUID.randomUUID());
        double before = gateway.metric("lp_registration_failed_total", "reason", "double_spend");
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            assertThat(client.register(LpTestClient.dvpnRequest(WireVersion.V2, LpTestClient.randomKey(),
                    TestVerifier.SCHEME, voucher)).success()).isTrue();
        }
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            LpRegistrationResponse second = client.register(LpTestClient.dvpnRequest(WireVersion.V2,
                    LpTestClient.randomKey(), TestVerifier.SCHEME, voucher));
            assertThat(second.success()).isFalse();
            assertThat(second.error()).hasValue("Credential verification failed: credential already spent");
        }
        assertThat(gateway.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(before + 1);
    }

    @Test
    void aClientThatSendsNothingIsClosedAtTheHandshakeDeadline() throws Exception {
        double before = handshakeFailures("timeout");
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            long started = System.nanoTime();
            // closed within the client's 10 s read timeout, and not before the deadline; the deadline itself
            // is pinned on a frozen clock in LpConnectionHandlerTest
            assertThat(client.closedByGateway()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        }
        assertCounted("timeout", before);
    }

    private static void send(LpTestClient client, LpPacket packet) {
        try {
            client.send(packet.encode());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
