package io.lpreg.example.voucher;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.ConfigOverrides;
import io.lpreg.engine.config.GatewayConfigLoader;
import io.lpreg.engine.metrics.GatewayHealth;
import io.lpreg.engine.testing.InMemoryWireGuard;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plugin as an operator installs it: the zip this build made dropped into a real gateway's plugins
 * folder next to storage-sqlite, configured in the gateway's TOML file, and paid with over the v2 envelope.
 */
class VoucherPluginZipIT {
    private static final byte[] SECRET = TestVouchers.secret();
    private static final InetSocketAddress WIREGUARD_ENDPOINT = new InetSocketAddress("203.0.113.7", 51822);

    @TempDir
    static Path dir;
    private static InMemoryWireGuard wireGuard;
    private static LpGateway gateway;

    @BeforeAll
    static void startGatewayWithThePluginZip() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path zip = Path.of(System.getProperty("lpreg.example.plugin.zip"));
        Files.copy(zip, plugins.resolve(zip.getFileName()));
        Files.copy(Path.of(System.getProperty("lpreg.test.plugins"), "lpreg-plugin-storage-sqlite-plugin.zip"),
                plugins.resolve("lpreg-plugin-storage-sqlite-plugin.zip"));
        Path toml = Files.writeString(dir.resolve("gateway.toml"), """
                storage = "sqlite"
                wireguard = "memory"

                [listener]
                bind = "127.0.0.1:0"

                [metrics]
                bind = "127.0.0.1:0"

                [paths]
                data_dir = "%s"
                plugins_dir = "%s"

                [ecash]
                verifiers = ["hmac-voucher"]

                [plugins.hmac-voucher]
                secret = "%s"
                """.formatted(dir.resolve("data"), plugins, HexFormat.of().formatHex(SECRET)));
        byte[] wireGuardKey = new byte[32];
        wireGuardKey[0] = 7;
        wireGuard = new InMemoryWireGuard(new WireGuardKey(wireGuardKey), WIREGUARD_ENDPOINT);
        gateway = LpGateway.builder()
                .config(GatewayConfigLoader.load(Optional.of(toml), ConfigOverrides.none()))
                .extension(wireGuard)
                .start();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void registersWithAVoucherMintedWithTheConfiguredSecret() throws Exception {
        RegistrationResult result = register(TestVouchers.mint(SECRET, inOneDay(), 123_000_000L));

        assertThat(result).isInstanceOf(RegistrationResult.Registered.class);
        RegistrationResult.Registered registered = (RegistrationResult.Registered) result;
        assertThat(registered.allocatedBandwidth()).isEqualTo(123_000_000L);
        GatewayData data = registered.gatewayData().orElseThrow();
        assertThat(data.publicKey()).isEqualTo(wireGuard.publicKey().bytes());
        assertThat(data.endpoint()).isEqualTo(WIREGUARD_ENDPOINT);
        PeerConfig peer = wireGuard.configured().get(new WireGuardKey(registered.wireGuardKeys().publicKey()));
        assertThat(peer).isNotNull();
        assertThat(peer.allowedIps().ipv4()).isEqualTo(data.privateIpv4());
        assertThat(peer.allowedIps().ipv6()).isEqualTo(data.privateIpv6());
        assertThat(metricsText()).containsPattern("(?m)^lp_plugin_hmac_vouchers_accepted_total\\{plugin=\"hmac-voucher\"} [1-9]");
    }

    @Test
    void refusesAVoucherWithABadMacAndConfiguresNoPeer() {
        byte[] voucher = TestVouchers.mint(SECRET, inOneDay(), 0);
        voucher[40] ^= 0x01;
        int peersBefore = wireGuard.configured().size();

        RegistrationResult result = register(voucher);

        assertThat(result).isInstanceOfSatisfying(RegistrationResult.Refused.class, refused -> assertThat(refused.reason())
                .isEqualTo("Credential verification failed: voucher MAC does not verify: not issued with this "
                        + "gateway's secret, or altered"));
        assertThat(wireGuard.configured()).hasSize(peersBefore);
    }

    @Test
    void refusesAVoucherOfAnotherIssuer() {
        RegistrationResult result = register(TestVouchers.mint(TestVouchers.secret(), inOneDay(), 0));

        assertThat(result).isInstanceOfSatisfying(RegistrationResult.Refused.class, refused ->
                assertThat(refused.reason()).contains("voucher MAC does not verify"));
    }

    @Test
    void refusesAnExpiredVoucher() {
        Instant expired = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);

        RegistrationResult result = register(TestVouchers.mint(SECRET, expired, 0));

        assertThat(result).isInstanceOfSatisfying(RegistrationResult.Refused.class, refused -> assertThat(refused.reason())
                .isEqualTo("Credential verification failed: voucher expired at " + expired));
    }

    @Test
    void refusesTheSameVoucherForASecondClient() {
        byte[] voucher = TestVouchers.mint(SECRET, inOneDay(), 0);

        RegistrationResult first = register(voucher);
        RegistrationResult second = register(voucher);

        assertThat(first).isInstanceOf(RegistrationResult.Registered.class);
        assertThat(second).isInstanceOfSatisfying(RegistrationResult.Refused.class, refused ->
                assertThat(refused.reason()).isEqualTo("Credential verification failed: credential already spent"));
    }

    @Test
    void loadsTheVerifierFromTheZipNotFromTheClassPath() {
        assertThatThrownBy(() -> Class.forName("io.lpreg.example.voucher.HmacVoucherVerifier"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(gateway.health().plugins())
                .contains(new GatewayHealth.Plugin("hmac-voucher", "0.1.0-SNAPSHOT", "STARTED"));
        assertThat(gateway.health().ecash().verifiers()).containsExactly("hmac-voucher");
    }

    @Test
    void packagesItsOwnJarOnlyNeverTheSpiOrPf4j() throws Exception {
        try (ZipFile zip = new ZipFile(System.getProperty("lpreg.example.plugin.zip"));
             Stream<? extends ZipEntry> entries = zip.stream()) {
            assertThat(entries.filter(entry -> !entry.isDirectory()).map(ZipEntry::getName))
                    .containsExactlyInAnyOrder("plugin.properties", "lib/lpreg-example-custom-verifier-0.1.0-SNAPSHOT.jar");
        }
    }

    private static RegistrationResult register(byte[] voucher) {
        try {
            GatewayTarget target = new GatewayTarget(gateway.address(), GatewayKey.identity(gateway.identityKey()));
            LpRegistrationClient client = new LpRegistrationClient(
                    CredentialSource.supplied(new RequestCredential.Envelope("hmac-voucher-v1", voucher)));
            return client.register(target, RegistrationOptions.dvpn(WireVersion.V2));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Instant inOneDay() {
        return Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String metricsText() throws Exception {
        InetSocketAddress metrics = gateway.metricsAddress().orElseThrow();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
