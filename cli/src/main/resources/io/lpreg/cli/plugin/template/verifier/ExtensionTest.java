package {{PACKAGE}};

import io.lpreg.spi.Credential;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.testkit.plugin.MapPluginConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verifier as the gateway builds it: from its configuration table and metrics (plugin-testkit). */
class {{CLASS}}Test {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final VerificationContext CONTEXT =
            new VerificationContext(TicketType.WIREGUARD_ENTRY, new byte[32], new byte[32], NOW);
    private static final byte[] TICKET = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    private final CountingMetrics metrics = new CountingMetrics();
    private final {{CLASS}} verifier = new {{CLASS}}(MapPluginConfig.empty(), metrics);

    @Test
    void acceptsATicketIdOfItsSchemeWithTheIdAsNullifier() {
        VerificationResult result = verifier.verify(new Credential({{CLASS}}.SCHEME, TICKET), CONTEXT);

        assertThat(result).isInstanceOfSatisfying(VerificationResult.Accepted.class, accepted -> {
            assertThat(accepted.nullifier()).isEqualTo(TICKET);
            assertThat(accepted.bandwidthBytes()).isEqualTo(TicketType.WIREGUARD_ENTRY.bandwidthBytes());
            assertThat(accepted.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        });
        assertThat(metrics.count("{{METRIC}}_accepted")).isEqualTo(1);
    }

    @Test
    void refusesOtherLengthsAndOtherSchemes() {
        assertThat(verifier.verify(new Credential({{CLASS}}.SCHEME, new byte[15]), CONTEXT))
                .isEqualTo(new VerificationResult.Rejected(RejectionReason.MALFORMED,
                        "a credential of {{SCHEME}} is a 16-byte ticket id, got 15 bytes"));
        assertThat(verifier.verify(new Credential("some-other-scheme", TICKET), CONTEXT))
                .isInstanceOf(VerificationResult.Rejected.class);
        assertThat(metrics.count("{{METRIC}}_rejected")).isEqualTo(2);
    }

    @Test
    void readsItsValidityFromItsTableAndRefusesANonPositiveOne() {
        {{CLASS}} weekly = new {{CLASS}}(MapPluginConfig.empty().with("validity", "7d"), new CountingMetrics());
        VerificationResult result = weekly.verify(new Credential({{CLASS}}.SCHEME, TICKET), CONTEXT);

        assertThat(((VerificationResult.Accepted) result).expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThatThrownBy(() -> new {{CLASS}}(MapPluginConfig.empty().with("validity", "0s"), new CountingMetrics()))
                .hasMessageContaining("validity must be positive");
    }
}
