package io.lpreg.example.embedded;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's gateway on 127.0.0.1, registered with by the real client over wire v2. */
class EmbeddedGatewayTest {
    private static final InetSocketAddress WIREGUARD_ENDPOINT = new InetSocketAddress("198.51.100.4", 51820);

    @TempDir
    Path dir;
    private EmbeddedGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = EmbeddedGateway.start(settings(dir.resolve("data")));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void registersAClientWithAVoucherAndPutsItsPeerOnTheWireGuardStandIn() throws Exception {
        RegistrationResult result = register("voucher-a");

        assertThat(result).isInstanceOf(RegistrationResult.Registered.class);
        RegistrationResult.Registered registered = (RegistrationResult.Registered) result;
        assertThat(registered.allocatedBandwidth()).isEqualTo(EmbeddedGateway.BANDWIDTH_PER_VOUCHER);
        GatewayData data = registered.gatewayData().orElseThrow();
        assertThat(data.publicKey()).isEqualTo(gateway.wireGuard().publicKey().bytes());
        assertThat(data.endpoint()).isEqualTo(WIREGUARD_ENDPOINT);
        assertThat(data.privateIpv4().getHostAddress()).isEqualTo("10.64.0.2");
        assertThat(data.privateIpv6().getHostAddress()).isEqualTo("fd64:0:0:0:0:0:0:2");

        WireGuardKey clientKey = new WireGuardKey(registered.wireGuardKeys().publicKey());
        PeerConfig peer = gateway.wireGuard().peer(clientKey).orElseThrow();
        assertThat(peer.allowedIps().ipv4()).isEqualTo(data.privateIpv4());
        assertThat(peer.allowedIps().ipv6()).isEqualTo(data.privateIpv6());
        assertThat(gateway.storage().peers()).extracting(StoredPeer::publicKey).containsExactly(clientKey);
    }

    @Test
    void givesTheNextClientTheNextAddressPair() {
        register("voucher-a");

        RegistrationResult.Registered second = (RegistrationResult.Registered) register("voucher-b");

        assertThat(second.gatewayData().orElseThrow().privateIpv4().getHostAddress()).isEqualTo("10.64.0.3");
        assertThat(gateway.wireGuard().peerCount()).isEqualTo(2);
    }

    @Test
    void refusesAVoucherThatIsNotOnTheList() {
        RegistrationResult result = register("voucher-z");

        assertThat(result).isInstanceOfSatisfying(RegistrationResult.Refused.class, refused ->
                assertThat(refused.reason()).isEqualTo("Credential verification failed: unknown voucher"));
        assertThat(gateway.wireGuard().peerCount()).isZero();
    }

    @Test
    void refusesAVoucherSpentBefore() {
        register("voucher-a");

        RegistrationResult again = register("voucher-a");

        assertThat(again).isInstanceOfSatisfying(RegistrationResult.Refused.class, refused ->
                assertThat(refused.reason()).isEqualTo("Credential verification failed: credential already spent"));
        assertThat(gateway.wireGuard().peerCount()).isEqualTo(1);
    }

    @Test
    void keepsItsIdentityKeyAcrossRestarts() throws Exception {
        byte[] identity = gateway.engine().identityKey();
        gateway.close();

        gateway = EmbeddedGateway.start(settings(dir.resolve("data")));

        assertThat(gateway.engine().identityKey()).isEqualTo(identity);
    }

    @Test
    void registerWithVoucherPrintsTheWireGuardConfiguration() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = RegisterWithVoucher.run(new String[] {Addresses.format(gateway.engine().address()),
                        HexFormat.of().formatHex(gateway.engine().identityKey()), "voucher-b"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Address = 10.64.0.2/32, fd64:0:0:0:0:0:0:2/128")
                .contains("PublicKey = " + gateway.wireGuard().publicKey().base64())
                .contains("Endpoint = 198.51.100.4:51820");
    }

    @Test
    void registerWithVoucherExitsWithOneWhenRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = RegisterWithVoucher.run(new String[] {Addresses.format(gateway.engine().address()),
                        HexFormat.of().formatHex(gateway.engine().identityKey()), "voucher-z"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refused: Credential verification failed: unknown voucher");
    }

    private RegistrationResult register(String voucher) {
        try {
            GatewayTarget target = new GatewayTarget(gateway.engine().address(),
                    GatewayKey.identity(gateway.engine().identityKey()));
            LpRegistrationClient client = new LpRegistrationClient(CredentialSource.supplied(
                    new RequestCredential.Envelope(VoucherListVerifier.SCHEME, voucher.getBytes(StandardCharsets.UTF_8))));
            return client.register(target, RegistrationOptions.dvpn(WireVersion.V2));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static EmbeddedGateway.Settings settings(Path data) {
        return new EmbeddedGateway.Settings(new InetSocketAddress("127.0.0.1", 0), Optional.empty(), data,
                WIREGUARD_ENDPOINT, List.of("voucher-a", "voucher-b"));
    }
}
