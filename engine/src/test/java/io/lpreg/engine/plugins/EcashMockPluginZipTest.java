package io.lpreg.engine.plugins;

import io.lpreg.engine.testing.TestGateway;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The plugins/ecash-mock zip as the reactor builds it, loaded like an operator's plugins folder would. */
class EcashMockPluginZipTest {
    private static final Path ZIP = TestGateway.pluginZips().stream()
            .filter(zip -> zip.getFileName().toString().startsWith("lpreg-plugin-ecash-mock"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the reactor did not copy the ecash-mock plugin zip"));

    @TempDir
    Path plugins;
    @TempDir
    Path data;

    @Test
    void acceptsAnyCredentialOfItsSchemesWithAFreshNullifierPerSession() throws Exception {
        Files.copy(ZIP, plugins.resolve(ZIP.getFileName()));
        HostSettings settings = HostSettings.dataIn(data).plugins(plugins).embedded(new EmbeddedStorage("memory"))
                .engineVersion("0.1.0")
                .section("ecash-mock", Map.of("allowance_bytes", "5000", "validity", "1d"));

        try (PluginHost host = settings.start()) {
            Map<String, EcashVerifier> verifiers = host.resolve(new ExtensionSelection("memory", Optional.empty(),
                    List.of("mock"))).verifiersByScheme();
            EcashVerifier mock = verifiers.get("nym-zknym");
            Credential credential = new Credential("nym-zknym", new byte[] {1, 2, 3});

            assertThat(verifiers).containsOnlyKeys("nym-zknym", "bls-ticket-v1");
            assertThat(mock.acceptsEverything()).isTrue();
            VerificationResult first = mock.verify(credential, context((byte) 1));
            VerificationResult again = mock.verify(credential, context((byte) 2));
            assertThat(first).isInstanceOfSatisfying(VerificationResult.Accepted.class, accepted -> {
                assertThat(accepted.bandwidthBytes()).isEqualTo(5000);
                assertThat(accepted.expiresAt()).isEqualTo(HostSettings.CLOCK.instant().plus(Duration.ofDays(1)));
            });
            assertThat(((VerificationResult.Accepted) again).nullifier())
                    .isNotEqualTo(((VerificationResult.Accepted) first).nullifier());
            assertThat(host.plugins()).anyMatch(plugin -> plugin.id().equals("ecash-mock")
                    && plugin.state().equals("STARTED"));
        }
    }

    private static VerificationContext context(byte handshake) {
        byte[] handshakeHash = new byte[32];
        handshakeHash[0] = handshake;
        return new VerificationContext(TicketType.WIREGUARD_ENTRY, new byte[32], handshakeHash,
                HostSettings.CLOCK.instant());
    }
}
