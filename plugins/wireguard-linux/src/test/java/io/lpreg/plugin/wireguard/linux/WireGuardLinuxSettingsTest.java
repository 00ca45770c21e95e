package io.lpreg.plugin.wireguard.linux;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.plugin.wireguard.linux.WireGuardLinuxSettings.Backend;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireGuardLinuxSettingsTest {
    private static final Path DATA = Path.of("/srv/lpreg-data/plugins/wireguard-linux");

    private static WireGuardLinuxSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("endpoint", "203.0.113.7:51822");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                values.remove(keyValues[i]);
            } else {
                values.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return WireGuardLinuxSettings.from(new MapPluginConfig(values, DATA));
    }

    @Test
    void pinsEveryDefault() {
        WireGuardLinuxSettings settings = settings();

        assertThat(settings.backend()).isEqualTo(Backend.WIREGUARD_GO);
        assertThat(settings.interfaceName()).isEqualTo("lpwg0");
        assertThat(settings.endpoint()).isEqualTo(new InetSocketAddress("203.0.113.7", 51822));
        assertThat(settings.listenPort()).isEqualTo(51822);
        assertThat(settings.privateKeyFile()).isEqualTo(DATA.resolve("wg-private.key"));
        assertThat(settings.addressV4()).hasToString("10.1.0.1/16");
        assertThat(settings.addressV6()).hasToString("fd00::1/112");
        assertThat(settings.netns()).isEmpty();
        assertThat(settings.wireguardGo()).isEqualTo("wireguard-go");
        assertThat(settings.wg()).isEqualTo("wg");
        assertThat(settings.ip()).isEqualTo("ip");
        assertThat(settings.socket()).isEqualTo(Path.of("/var/run/wireguard/lpwg0.sock"));
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.restartBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.restartBackoffMax()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsEveryKey() {
        WireGuardLinuxSettings settings = settings("backend", "wg", "interface", "wg-gw", "endpoint", "[2001:db8::7]:443",
                "listen_port", "443", "private_key_file", "/etc/lpreg/wg.key", "address_v4", "10.9.0.1/24",
                "address_v6", "fd09::1/120", "netns", "vpn", "wireguard_go", "/opt/wg-go", "wg", "/opt/wg",
                "ip", "/sbin/ip", "socket_directory", "/run/wg", "start_timeout", "3s", "command_timeout", "2s",
                "restart_backoff", "200ms", "restart_backoff_max", "1m");

        assertThat(settings.backend()).isEqualTo(Backend.WG);
        assertThat(settings.interfaceName()).isEqualTo("wg-gw");
        assertThat(settings.endpoint()).isEqualTo(new InetSocketAddress("2001:db8::7", 443));
        assertThat(settings.listenPort()).isEqualTo(443);
        assertThat(settings.privateKeyFile()).isEqualTo(Path.of("/etc/lpreg/wg.key"));
        assertThat(settings.addressV4()).hasToString("10.9.0.1/24");
        assertThat(settings.netns()).contains("vpn");
        assertThat(settings.socket()).isEqualTo(Path.of("/run/wg/wg-gw.sock"));
        assertThat(settings.restartBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.restartBackoffMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.inNetns(List.of("/opt/wg", "show"))).containsExactly("/sbin/ip", "netns", "exec", "vpn",
                "/opt/wg", "show");
        assertThat(settings.ipCommand("link", "set", "dev", "wg-gw", "up")).containsExactly("/sbin/ip", "-n", "vpn",
                "link", "set", "dev", "wg-gw", "up");
    }

    @Test
    void requiresAnEndpoint() {
        assertThatThrownBy(() -> settings("endpoint", null))
                .hasMessageStartingWith("endpoint is required: the host:port clients send WireGuard packets to");
    }

    @Test
    void refusesAnUnspecifiedEndpoint() {
        assertThatThrownBy(() -> settings("endpoint", "0.0.0.0:51822"))
                .hasMessageStartingWith("endpoint must be the address clients reach the gateway at, not 0.0.0.0");
        assertThatThrownBy(() -> settings("endpoint", "[::]:51822"))
                .hasMessageStartingWith("endpoint must be the address clients reach the gateway at, not 0:0:0:0:0:0:0:0");
    }

    @Test
    void refusesAnEndpointThatIsNotAnAddressAndPort() {
        assertThatThrownBy(() -> settings("endpoint", "gateway.example:51822"))
                .hasMessage("endpoint must be an IP address, got 'gateway.example'");
        assertThatThrownBy(() -> settings("endpoint", "203.0.113.7"))
                .hasMessage("endpoint: must be ip:port or [ipv6]:port, got 203.0.113.7");
        assertThatThrownBy(() -> settings("endpoint", "2001:db8::7:51822"))
                .hasMessage("endpoint: an IPv6 endpoint is written [address]:port, got 2001:db8::7:51822");
        assertThatThrownBy(() -> settings("endpoint", "203.0.113.7:0"))
                .hasMessage("endpoint: the port must be 1..65535, got 203.0.113.7:0");
    }

    @Test
    void refusesAnUnknownBackend() {
        assertThatThrownBy(() -> settings("backend", "kernel"))
                .hasMessage("backend must be one of uapi, wg, wireguard-go; got kernel");
    }

    @Test
    void refusesAnInterfaceNameLinuxWouldRefuse() {
        assertThatThrownBy(() -> settings("interface", "a-much-too-long-name"))
                .hasMessageStartingWith("interface must be 1 to 15 characters");
        assertThatThrownBy(() -> settings("interface", "../etc"))
                .hasMessageStartingWith("interface must be 1 to 15 characters");
    }

    @Test
    void refusesAnAddressOfTheWrongFamily() {
        assertThatThrownBy(() -> settings("address_v4", "fd00::1/112"))
                .hasMessage("address_v4 must be an IPv4 address, got fd00::1/112");
        assertThatThrownBy(() -> settings("address_v6", "10.1.0.1"))
                .hasMessage("address_v6 must be an address with a prefix length, e.g. fd00::1/112; got 10.1.0.1");
    }

    @Test
    void namesAnUnknownKey() {
        assertThatThrownBy(() -> settings("listenport", "1"))
                .hasMessageStartingWith("unknown keys in [plugins.wireguard-linux]: [listenport]; the keys are");
    }

    @Test
    void refusesABackoffCeilingBelowTheFirstDelay() {
        assertThatThrownBy(() -> settings("restart_backoff", "10s", "restart_backoff_max", "1s"))
                .hasMessage("restart_backoff_max (PT1S) must not be shorter than restart_backoff (PT10S)");
    }

    @Test
    void keepsAnEmptyNetnsAsNone() {
        assertThat(settings("netns", "").netns()).isEqualTo(Optional.empty());
    }
}
