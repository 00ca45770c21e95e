package io.lpreg.cli;

import io.lpreg.protocol.registration.GatewayData;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WgQuickConfigTest {
    private static final String CONFIG = """
            [Interface]
            PrivateKey = cGFzc3dvcmRwYXNzd29yZHBhc3N3b3JkcGFzc3dvcmQ=
            Address = 10.233.0.2/32, fd33:1::2/128
            DNS = 10.233.0.1
            MTU = 1380

            [Peer]
            PublicKey = ETR6zDwttBC7zmKilV5OAWCiWtA48nvLru51/hqTDXc=
            Endpoint = 10.234.0.1:51822
            AllowedIPs = 0.0.0.0/0, ::/0
            PersistentKeepalive = 25
            """;

    @Test
    void addressesAndAllowedIpsGoToIpAndTheRestToWgSetconfAsWgQuickStripDoes() throws Exception {
        WgQuickConfig config = WgQuickConfig.parse(CONFIG);

        assertThat(config.addresses()).containsExactly("10.233.0.2/32", "fd33:1::2/128");
        assertThat(config.allowedIps()).containsExactly("0.0.0.0/0", "::/0");
        assertThat(config.wgConfig()).contains("PrivateKey = cGFz").contains("PublicKey = ETR6")
                .contains("Endpoint = 10.234.0.1:51822").contains("AllowedIPs = 0.0.0.0/0, ::/0")
                .contains("PersistentKeepalive = 25")
                .doesNotContain("Address").doesNotContain("DNS").doesNotContain("MTU");
    }

    @Test
    void theTextRegisterPrintsParses() throws Exception {
        String printed = ClientOutput.wgQuick(new io.lpreg.protocol.registration.GatewayData(new byte[32],
                        new java.net.InetSocketAddress("10.234.0.1", 51822),
                        (java.net.Inet4Address) java.net.InetAddress.getByName("10.233.0.7"),
                        (java.net.Inet6Address) java.net.InetAddress.getByName("fd33:1::7")),
                new byte[32], java.util.Optional.empty(), new java.net.InetSocketAddress("127.0.0.1", 41264));

        WgQuickConfig config = WgQuickConfig.parse(printed);

        assertThat(config.addresses()).containsExactly("10.233.0.7/32", "fd33:1::7/128");
        assertThat(config.allowedIps()).containsExactly("0.0.0.0/0", "::/0");
    }

    @Test
    void anIpv6EndpointIsWrittenShortAndInBrackets() throws Exception {
        String printed = ClientOutput.wgQuick(new GatewayData(new byte[32],
                        new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:0:0:0:1"), 51822),
                        (Inet4Address) InetAddress.getByName("10.233.0.7"), (Inet6Address) InetAddress.getByName("fd33:1::7")),
                new byte[32], Optional.empty(), new InetSocketAddress("127.0.0.1", 41264));

        assertThat(printed).contains("Endpoint = [2001:db8::1]:51822\n");
    }

    @Test
    void aConfigurationWithoutAnAddressIsRefused() {
        assertThatThrownBy(() -> WgQuickConfig.parse("[Interface]\nPrivateKey = x\n"))
                .isInstanceOf(CliException.class).hasMessageContaining("no [Interface] Address");
    }
}
