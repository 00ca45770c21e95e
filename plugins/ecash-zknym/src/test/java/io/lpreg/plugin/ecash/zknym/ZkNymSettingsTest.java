package io.lpreg.plugin.ecash.zknym;

import io.lpreg.testkit.plugin.MapPluginConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZkNymSettingsTest {
    static final String ADDRESS = "n1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";

    @Test
    void theDefaultsAreNymsAndReportingIsOff() {
        ZkNymSettings settings = ZkNymSettings.from(MapPluginConfig.of(Map.of("verification_keys", "/etc/keys.json")));

        assertThat(settings).isEqualTo(new ZkNymSettings(Optional.of(Path.of("/etc/keys.json")), List.of(),
                Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(30), List.of(), new BigDecimal("0.7"),
                BigDecimal.TEN, Optional.empty(), Duration.ofSeconds(10)));
        assertThat(settings.reportsSpends()).isFalse();
    }

    @Test
    void everyKeyIsRead() {
        ZkNymSettings settings = ZkNymSettings.from(MapPluginConfig.of(Map.of("key_fetch_timeout", "500ms",
                        "key_retry_after", "2m", "pay_info_tolerance", "45s", "quorum", "0.8", "penalty", "1.5",
                        "gateway_address", ADDRESS, "signer_timeout", "4s"))
                .with("nym_api", List.of("https://a.example/api/", "https://b.example"))
                .with("signers", List.of("https://s1.example", "https://s2.example/", "https://s1.example")));

        assertThat(settings.verificationKeys()).isEmpty();
        assertThat(settings.nymApis()).containsExactly(URI.create("https://a.example/api"), URI.create("https://b.example"));
        assertThat(settings.keyFetchTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.keyRetryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.payInfoTolerance()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.signers()).as("duplicates once").containsExactly(URI.create("https://s1.example"), URI.create("https://s2.example"));
        assertThat(settings.quorum()).isEqualTo(new BigDecimal("0.8"));
        assertThat(settings.penalty()).isEqualTo(new BigDecimal("1.5"));
        assertThat(settings.gatewayAddress()).contains(ADDRESS);
        assertThat(settings.signerTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.reportsSpends()).isTrue();
    }

    @Test
    void aVerifierWithNoWayToAKeyDoesNotStart() {
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(Map.of())))
                .hasMessageStartingWith("neither verification_keys nor nym_api is set");
    }

    @Test
    void signersWithoutTheGatewaysNyxAddressDoNotStart() {
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(Map.of("verification_keys", "k.json"))
                .with("signers", List.of("https://s1.example"))))
                .hasMessageStartingWith("signers are set but gateway_address is not");
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(Map.of("verification_keys", "k.json",
                "gateway_address", "N1NotBech32")).with("signers", List.of("https://s1.example"))))
                .hasMessageStartingWith("gateway_address is not a lower-case bech32 address");
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        Map<String, String> keys = Map.of("verification_keys", "k.json");
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(keys).with("quorum", "0")))
                .hasMessageStartingWith("quorum must be above 0 and at most 1");
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(keys).with("quorum", "1.2")))
                .hasMessageStartingWith("quorum must be above 0 and at most 1");
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(keys).with("penalty", "-1")))
                .hasMessageStartingWith("penalty must not be negative");
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(keys).with("penalty", "ten")))
                .hasMessageStartingWith("penalty: not a number");
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(keys).with("key_fetch_timeout", "3")))
                .hasMessageStartingWith("key_fetch_timeout: duration needs a number and a unit");
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(keys).with("pay_info_tolerance", "1500ms")))
                .hasMessageStartingWith("pay_info_tolerance: whole seconds only");
        assertThatThrownBy(() -> ZkNymSettings.from(MapPluginConfig.of(keys).with("nym_api", List.of("ftp://x.example"))))
                .hasMessageStartingWith("nym_api: expected an http(s) base URL");
    }
}
