package io.lpreg.engine.registration;

import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.FaultyStorage.Fault;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure at each step of the pipeline (verifier throws, storage fails, WireGuard refuses, commit
 * fails) leaves storage and WireGuard exactly as they were before the request.
 */
class FailureInjectionTest {
    @TempDir
    static Path dir;
    static FaultyStorage storage;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("sqlite-lib"), dir.resolve("faulty-data"));
        gateway = TestGateway.start(dir, config -> config.withStorage("faulty"), builder -> builder.extension(storage));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void heal() {
        storage.inject(Fault.NONE);
        gateway.wireGuard().failAddPeer(null);
    }

    private record State(List<StoredPeer> peers, Map<WireGuardKey, PeerConfig> wireGuard) {
    }

    private State state() throws Exception {
        return new State(storage.peers(), gateway.wireGuard().configured());
    }

    private static LpRegistrationResponse register(byte[] wgKey, String voucher) throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            return client.register(LpTestClient.dvpnRequest(WireVersion.V2, wgKey, TestVerifier.SCHEME,
                    TestVerifier.voucher(voucher)));
        }
    }

    private static void assertNotSpent(String nullifier) throws Exception {
        assertThat(storage.spent(nullifier.getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @Test
    void aThrowingVerifierChangesNothing() throws Exception {
        State before = state();
        LpRegistrationResponse response = register(LpTestClient.randomKey(), "throw");
        assertThat(response.success()).isFalse();
        assertThat(response.error()).hasValue("Credential verification failed: verifier error");
        assertThat(state()).isEqualTo(before);
        assertThat(gateway.metric("lp_credential_verification_failed_total", "reason", "verifier_error")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aStorageFailureInsideTheTransactionRollsEverythingBack() throws Exception {
        String id = UUID.randomUUID().toString();
        State before = state();
        storage.inject(Fault.FAIL_UPSERT);
        LpRegistrationResponse response = register(LpTestClient.randomKey(), "ok:" + id);
        assertThat(response.success()).isFalse();
        assertThat(response.error()).hasValue("Registration failed: storage error");
        assertThat(state()).isEqualTo(before);
        assertNotSpent(id);
    }

    @Test
    void aWireGuardRefusalRollsTheTransactionBack() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] wgKey = LpTestClient.randomKey();
        State before = state();
        gateway.wireGuard().failAddPeer("uapi /var/run/wireguard/lpwg0.sock: errno=22");
        LpRegistrationResponse response = register(wgKey, "ok:" + id);
        assertThat(response.success()).isFalse();
        // §A5: the client learns that WireGuard failed, not the interface, socket or command behind it
        assertThat(response.error()).hasValue("WireGuard peer registration failed");
        assertThat(state()).isEqualTo(before);
        assertNotSpent(id);

        gateway.wireGuard().failAddPeer(null);
        assertThat(register(wgKey, "ok:" + id).success()).as("the credential is still unspent").isTrue();
    }

    @Test
    void aFailedCommitAfterWireGuardAcceptedRemovesThePeerAgain() throws Exception {
        String id = UUID.randomUUID().toString();
        State before = state();
        storage.inject(Fault.FAIL_COMMIT);
        LpRegistrationResponse response = register(LpTestClient.randomKey(), "ok:" + id);
        assertThat(response.success()).isFalse();
        assertThat(state()).isEqualTo(before);
        assertNotSpent(id);
    }

    @Test
    void aFailedCommitOnReRegistrationRestoresTheExistingPeer() throws Exception {
        byte[] wgKey = LpTestClient.randomKey();
        GatewayData first = register(wgKey, "ok:" + UUID.randomUUID()).gatewayData().orElseThrow();
        State before = state();
        storage.inject(Fault.FAIL_COMMIT);
        assertThat(register(wgKey, "ok:" + UUID.randomUUID()).success()).isFalse();
        assertThat(state()).isEqualTo(before);
        assertThat(gateway.wireGuard().configured().get(new WireGuardKey(wgKey)).allowedIps().ipv4())
                .isEqualTo(first.privateIpv4());
    }
}
