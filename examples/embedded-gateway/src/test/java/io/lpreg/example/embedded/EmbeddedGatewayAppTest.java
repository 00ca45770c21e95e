package io.lpreg.example.embedded;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedGatewayAppTest {
    @Test
    void listensOnTheLoopbackLpPortWithThreeDemoVouchersByDefault() {
        EmbeddedGateway.Settings settings = EmbeddedGatewayApp.parse(new String[0]);

        assertThat(settings).isEqualTo(new EmbeddedGateway.Settings(new InetSocketAddress("127.0.0.1", 41264),
                Optional.empty(), Path.of("embedded-gateway-data"), new InetSocketAddress("127.0.0.1", 51820),
                List.of("demo-voucher-1", "demo-voucher-2", "demo-voucher-3")));
    }

    @Test
    void takesEverySettingFromTheCommandLine() {
        EmbeddedGateway.Settings settings = EmbeddedGatewayApp.parse(new String[] {"--listen", "[::1]:4000",
                "--metrics", "127.0.0.1:9000", "--data-dir", "/tmp/x", "--wireguard-endpoint", "192.0.2.1:51000",
                "--voucher", "a", "--voucher", "b"});

        assertThat(settings).isEqualTo(new EmbeddedGateway.Settings(new InetSocketAddress("::1", 4000),
                Optional.of(new InetSocketAddress("127.0.0.1", 9000)), Path.of("/tmp/x"),
                new InetSocketAddress("192.0.2.1", 51000), List.of("a", "b")));
    }

    @Test
    void refusesAnUnknownOptionAndAMissingValue() {
        assertThatThrownBy(() -> EmbeddedGatewayApp.parse(new String[] {"--port", "1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --port");
        assertThatThrownBy(() -> EmbeddedGatewayApp.parse(new String[] {"--listen"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--listen needs a value");
        assertThatThrownBy(() -> EmbeddedGatewayApp.parse(new String[] {"--listen", "41264"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an address is HOST:PORT or [IPv6]:PORT, got 41264");
    }

    @Test
    void selectsItsOwnExtensionsByNameWithoutAPluginsFolder() {
        var config = EmbeddedGateway.config(EmbeddedGatewayApp.parse(new String[0]));

        assertThat(config.storage()).isEqualTo("memory");
        assertThat(config.wireGuard()).contains("recording");
        assertThat(config.ecash().verifiers()).containsExactly("voucher-list");
        assertThat(config.paths().pluginsDirectory()).isEmpty();
        assertThat(config.metrics().enabled()).isFalse();
    }
}
