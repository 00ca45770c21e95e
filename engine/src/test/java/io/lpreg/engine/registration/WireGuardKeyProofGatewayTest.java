package io.lpreg.engine.registration;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.registration.WireGuardKeyProof;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/wire-v2.md §2.1 through the real gateway: only the WireGuard key's holder changes its preshared key. */
class WireGuardKeyProofGatewayTest {
    @TempDir
    Path dir;

    private static Optional<byte[]> psk(int fill) {
        byte[] psk = new byte[32];
        Arrays.fill(psk, (byte) fill);
        return Optional.of(psk);
    }

    private static LpRegistrationResponse register(TestGateway gateway, KeyPair wg, String voucher, Optional<byte[]> psk,
                                                   boolean prove, boolean corrupt) throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            byte[] handshakeHash = client.handshake();
            LpRegistrationRequest request = new LpRegistrationRequest(wg.publicKey(),
                    new RequestCredential.Envelope(TestVerifier.SCHEME, TestVerifier.voucher(voucher)),
                    TicketType.WIREGUARD_ENTRY, new RegistrationMode.Dvpn(), InetAddress.getLoopbackAddress(),
                    Instant.now().getEpochSecond(), psk);
            if (prove) {
                byte[] proof = WireGuardKeyProof.create(wg.privateKey(), gateway.gateway().lpKey(), handshakeHash, psk);
                if (corrupt) {
                    proof[0] ^= 1;
                }
                request = request.withKeyProof(proof);
            }
            return client.register(request);
        }
    }

    @Test
    void theKeysHolderChangesItsPresharedKeyWithAProofAndABadProofSpendsNothing() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir)) {
            KeyPair wg = KeyPair.generate(new SecureRandom());
            WireGuardKey key = new WireGuardKey(wg.publicKey());
            assertThat(register(gateway, wg, "ok:" + UUID.randomUUID(), psk(0x11), false, false).success()).isTrue();

            String badId = UUID.randomUUID().toString();
            LpRegistrationResponse bad = register(gateway, wg, "ok:" + badId, psk(0x33), true, true);
            assertThat(bad.success()).isFalse();
            assertThat(bad.error()).hasValue("Registration failed: invalid WireGuard key proof");
            assertThat(gateway.metric("lp_registration_failed_total", "reason", "bad_key_proof")).isEqualTo(1);

            LpRegistrationResponse proven = register(gateway, wg, "ok:" + UUID.randomUUID(), psk(0x22), true, false);
            assertThat(proven.success()).as("%s", proven.error()).isTrue();
            assertThat(gateway.wireGuard().configured().get(key).presharedKey()).hasValueSatisfying(
                    value -> assertThat(value).isEqualTo(psk(0x22).orElseThrow()));
            assertThat(register(gateway, wg, "ok:" + badId, psk(0x22), true, false).success())
                    .as("the credential of the refused proof was not spent").isTrue();
        }
    }
}
