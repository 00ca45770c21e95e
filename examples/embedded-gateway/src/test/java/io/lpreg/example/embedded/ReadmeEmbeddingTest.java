package io.lpreg.example.embedded;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedding snippet of the repository's README is this test's code, character for character, so that it
 * compiles and does what it says: the extension objects passed to the builder are the ones the gateway uses.
 */
class ReadmeEmbeddingTest {
    private static final Path README = Path.of("../../README.md");
    private static final Path THIS_SOURCE = Path.of("src/test/java/io/lpreg/example/embedded/ReadmeEmbeddingTest.java");

    @TempDir
    Path dir;

    @Test
    void theReadmeSnippetStartsAGatewayThatUsesTheExtensionObjectsItWasGiven() throws Exception {
        // what the host application has
        Clock clock = Clock.systemUTC();
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
        Path dataDirectory = dir.resolve("lpreg");
        WireGuardKey wireGuardKey = WireGuardKey.fromBase64("rrvizBvy8SECW50Pxj9NU09SrlAQRKDQq7dCCNvQiJ0=");
        InetSocketAddress wireGuardEndpoint = new InetSocketAddress("198.51.100.4", 51820);

        // README:begin
        InMemoryStorage storage = new InMemoryStorage(clock);
        RecordingWireGuard wireGuard = new RecordingWireGuard(wireGuardKey, wireGuardEndpoint);
        VoucherListVerifier vouchers = new VoucherListVerifier(List.of("voucher-1"), 500_000_000L, Duration.ofDays(7));
        GatewayConfig config = GatewayConfig.defaults()
                .withBind(bind)
                .withDataDirectory(dataDirectory)
                .withStorage(InMemoryStorage.NAME)            // the extension objects below, by name
                .withWireGuard(RecordingWireGuard.NAME)
                .withVerifiers(VoucherListVerifier.NAME);
        try (LpGateway gateway = LpGateway.builder()
                .config(config)
                .clock(clock)
                .extension(storage).extension(wireGuard).extension(vouchers)
                .start()) {
            System.out.println(gateway.address() + " " + HexFormat.of().formatHex(gateway.identityKey()));
            // README:end
            RegistrationResult result = registerWithVoucher(gateway, "voucher-1");

            assertThat(result.isRegistered()).as(result.toString()).isTrue();
            WireGuardKey client = new WireGuardKey(((RegistrationResult.Registered) result).wireGuardKeys().publicKey());
            assertThat(wireGuard.peer(client)).isPresent();
            assertThat(storage.peers()).extracting(StoredPeer::publicKey).containsExactly(client);
            assertThat(Files.isRegularFile(dataDirectory.resolve("identity.key"))).isTrue();
        }
    }

    @Test
    void theReadmeShowsThisTestsSnippetVerbatim() throws Exception {
        Matcher test = Pattern.compile("// README:begin\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL)
                .matcher(Files.readString(THIS_SOURCE));
        assertThat(test.find()).isTrue();
        String snippet = test.group(1).lines().map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(README);
        String embedding = readme.substring(readme.indexOf("### Embedding"));

        assertThat(embedding).as("README.md '### Embedding' shows ReadmeEmbeddingTest's snippet")
                .contains("```java\n" + snippet + "\n    ...\n}\n```");
    }

    private static RegistrationResult registerWithVoucher(LpGateway gateway, String voucher) throws Exception {
        LpRegistrationClient client = new LpRegistrationClient(CredentialSource.supplied(
                new RequestCredential.Envelope(VoucherListVerifier.SCHEME, voucher.getBytes(StandardCharsets.UTF_8))));
        return client.register(new GatewayTarget(gateway.address(), GatewayKey.identity(gateway.identityKey())),
                RegistrationOptions.dvpn(WireVersion.V2));
    }
}
