package io.lpreg.engine.registration;

import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationCodec;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger and lifecycle defects of issue 12 §A, each through the real gateway and the real SQLite
 * storage (wrapped to read it and to inject faults), with a meter every 100 ms.
 */
class LedgerDefectsTest {
    @TempDir
    Path dir;
    private FaultyStorage storage;
    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("sqlite-lib"), dir.resolve("faulty-data"));
        gateway = TestGateway.start(dir, config -> config.withMeterInterval(Duration.ofMillis(100))
                .withStorage("faulty"), builder -> builder.extension(storage));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private LpRegistrationResponse register(byte[] wgKey, String voucher, Optional<byte[]> psk) throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            return client.register(request(wgKey, voucher, psk));
        }
    }

    private static LpRegistrationRequest request(byte[] wgKey, String voucher, Optional<byte[]> psk) {
        return new LpRegistrationRequest(wgKey, new RequestCredential.Envelope(TestVerifier.SCHEME, TestVerifier.voucher(voucher)),
                TicketType.WIREGUARD_ENTRY, new RegistrationMode.Dvpn(), InetAddress.getLoopbackAddress(),
                Instant.now().getEpochSecond(), psk);
    }

    private static Optional<byte[]> psk(int fill) {
        byte[] psk = new byte[32];
        Arrays.fill(psk, (byte) fill);
        return Optional.of(psk);
    }

    private Optional<StoredPeer> stored(WireGuardKey key) throws Exception {
        return storage.peers().stream().filter(peer -> peer.publicKey().equals(key)).findFirst();
    }

    /** §A3 (a): storage committed the removal; the interface refused it once; it is retried, not forgotten. */
    @Test
    void aFailedRemovalOfASpentPeerIsRetriedUntilThePeerIsGone() throws Exception {
        WireGuardKey first = new WireGuardKey(LpTestClient.randomKey());
        WireGuardKey second = new WireGuardKey(LpTestClient.randomKey());
        assertThat(register(first.bytes(), "ok:" + UUID.randomUUID(), Optional.empty()).success()).isTrue();
        assertThat(register(second.bytes(), "ok:" + UUID.randomUUID(), Optional.empty()).success()).isTrue();
        gateway.wireGuard().failRemovePeer("uapi: errno=5");

        gateway.wireGuard().setCounters(first, 700_000, 700_000);
        gateway.wireGuard().setCounters(second, 700_000, 700_000);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(stored(first)).isEmpty();
            assertThat(stored(second)).isEmpty();
        });
        assertThat(gateway.wireGuard().configured()).containsKeys(first, second);

        gateway.wireGuard().failRemovePeer(null);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(gateway.wireGuard().configured()).doesNotContainKeys(first, second));
    }

    /** §A3 (b): an addPeer that failed after the interface applied it counts as applied and is undone. */
    @Test
    void anAddPeerThatFailsAfterApplyingIsCompensated() throws Exception {
        WireGuardKey key = new WireGuardKey(LpTestClient.randomKey());
        String id = UUID.randomUUID().toString();
        gateway.wireGuard().failAddPeerAfterApplying("uapi: read timed out");

        LpRegistrationResponse response = register(key.bytes(), "ok:" + id, Optional.empty());

        assertThat(response.success()).isFalse();
        assertThat(gateway.wireGuard().configured()).doesNotContainKey(key);
        assertThat(stored(key)).isEmpty();
        assertThat(storage.spent(id.getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    /** §A3: a peer on the interface that storage does not know and no registration owns is removed. */
    @Test
    void aPeerStorageDoesNotKnowIsRemovedWhileTheGatewayRuns() throws Exception {
        WireGuardKey stranger = new WireGuardKey(LpTestClient.randomKey());
        gateway.wireGuard().addStranger(new PeerConfig(stranger, new IpPair((Inet4Address) InetAddress.getByName("10.9.9.9"),
                (Inet6Address) InetAddress.getByName("fd00::9999")), Optional.empty(), Duration.ZERO));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(gateway.wireGuard().configured()).doesNotContainKey(stranger));
    }

    /** §A4: a stranger's ticket tops up a registered key but never rewrites or clears its preshared key. */
    @Test
    void aReRegistrationWithoutProofKeepsThePeersPresharedKey() throws Exception {
        WireGuardKey victim = new WireGuardKey(LpTestClient.randomKey());
        assertThat(register(victim.bytes(), "ok:" + UUID.randomUUID(), psk(0x11)).success()).isTrue();

        LpRegistrationResponse attack = register(victim.bytes(), "ok:" + UUID.randomUUID(), psk(0x66));
        LpRegistrationResponse clearing = register(victim.bytes(), "ok:" + UUID.randomUUID(), Optional.empty());

        assertThat(attack.success()).isTrue();
        assertThat(clearing.success()).isTrue();
        assertThat(gateway.wireGuard().configured().get(victim).presharedKey()).hasValueSatisfying(
                value -> assertThat(value).isEqualTo(psk(0x11).orElseThrow()));
        assertThat(stored(victim).orElseThrow().presharedKey()).hasValueSatisfying(
                value -> assertThat(value).isEqualTo(psk(0x11).orElseThrow()));
    }

    /** §A4: the request digest covers the preshared key: the same credential with another key is a double spend. */
    @Test
    void theSameCredentialWithAnotherPresharedKeyIsNotARetry() throws Exception {
        byte[] key = LpTestClient.randomKey();
        String voucher = "ok:" + UUID.randomUUID();
        assertThat(register(key, voucher, psk(0x11)).success()).isTrue();
        assertThat(register(key, voucher, psk(0x11)).success()).as("a retry").isTrue();

        LpRegistrationResponse other = register(key, voucher, psk(0x22));

        assertThat(other.success()).isFalse();
        assertThat(other.error()).hasValue("Credential verification failed: credential already spent");
    }

    /** §A6: a client that closed before its credential was spent gets nothing, and pays nothing. */
    @Test
    void aRegistrationWhoseClientHasGoneSpendsNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        TestVerifier.Gate verifying = TestVerifier.gate(id);
        double finished = gateway.metric("lp_registration_duration_seconds_count");
        double closed = gateway.metric("lp_connections_total", "result", "failed");
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            client.send(client.session().seal(RegistrationCodec.encodeRequest(
                    request(LpTestClient.randomKey(), "gate:" + id, Optional.empty()), WireVersion.V2)).encode());
            verifying.awaitEntered(Duration.ofSeconds(10));
        }
        // the gateway has seen the client go before the verifier lets the registration on
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gateway.metric("lp_connections_total", "result", "failed") > closed);
        verifying.open();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gateway.metric("lp_registration_duration_seconds_count") > finished);
        assertThat(gateway.metric("lp_registration_failed_total", "reason", "client_gone")).isEqualTo(1);

        assertThat(storage.spent(id.getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(register(LpTestClient.randomKey(), "ok:" + id, Optional.empty()).success()).isTrue();
    }
}
