package {{PACKAGE}};

import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardKey;
import io.lpreg.testkit.plugin.MapPluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The controller as the gateway builds it: from its configuration table and data directory (plugin-testkit). */
class {{CLASS}}Test {
    @TempDir
    Path data;

    @Test
    void keepsThePeersTheGatewayConfiguresAndForgetsRemovedOnes() throws Exception {
        {{CLASS}} controller = new {{CLASS}}(MapPluginConfig.in(data).with("endpoint", "192.0.2.1:51820"));
        WireGuardKey client = key(7);
        PeerConfig peer = new PeerConfig(client, new IpPair((Inet4Address) InetAddress.getByName("10.1.0.2"),
                (Inet6Address) InetAddress.getByName("fd00::2")), Optional.empty(), PeerConfig.DEFAULT_KEEPALIVE);

        controller.addPeer(peer);
        assertThat(controller.peer(client)).contains(peer);
        assertThat(controller.peers()).singleElement().satisfies(stats -> assertThat(stats.publicKey()).isEqualTo(client));

        controller.removePeer(client);
        controller.removePeer(key(8));
        assertThat(controller.peers()).isEmpty();
        assertThat(controller.endpoint()).isEqualTo(new InetSocketAddress("192.0.2.1", 51820));
    }

    @Test
    void keepsItsKeyAcrossRestartsUnlessOneIsConfigured() {
        WireGuardKey first = new {{CLASS}}(MapPluginConfig.in(data)).publicKey();

        assertThat(new {{CLASS}}(MapPluginConfig.in(data)).publicKey()).isEqualTo(first);
        assertThat(new {{CLASS}}(MapPluginConfig.in(data).with("public_key", key(1).base64())).publicKey()).isEqualTo(key(1));
        assertThat(new {{CLASS}}(MapPluginConfig.in(data)).isReachable()).isTrue();
    }

    @Test
    void refusesAnEndpointClientsCannotSendTo() {
        assertThatThrownBy(() -> new {{CLASS}}(MapPluginConfig.in(data).with("endpoint", "0.0.0.0:51820")))
                .hasMessageContaining("endpoint");
    }

    private static WireGuardKey key(int fill) {
        byte[] bytes = new byte[WireGuardKey.SIZE];
        Arrays.fill(bytes, (byte) fill);
        return new WireGuardKey(bytes);
    }
}
