package io.lpreg.plugin.wireguard.linux;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The uapi and wg backends against a real wireguard-go the operator (here: the test) runs, in a network
 * namespace of the test's own.
 */
@Timeout(60)
class OperatorInterfaceBackendsTest {
    @TempDir
    Path dir;

    private Netns netns;
    private OperatorWireGuardGo operator;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final int listenPort = ThreadLocalRandom.current().nextInt(40_000, 50_000);

    @BeforeEach
    void startTheOperatorsInterface() throws Exception {
        RealWireGuard.assumeAvailable();
        netns = Netns.create("op");
        operator = OperatorWireGuardGo.start("lpwg" + Sh.unique(), netns);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : cleanup.reversed()) {
            closeable.close();
        }
        if (operator != null) {
            operator.close();
        }
        if (netns != null) {
            netns.close();
        }
    }

    private LinuxWireGuardController controller(String backend, String... extra) throws WireGuardException {
        Map<String, String> values = new HashMap<>(Map.of("backend", backend, "interface", operator.interfaceName(),
                "endpoint", "10.233.0.1:" + listenPort, "listen_port", Integer.toString(listenPort),
                "netns", netns.name()));
        for (int i = 0; i < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        LinuxWireGuardController controller = new LinuxWireGuardController(
                WireGuardLinuxSettings.from(new MapPluginConfig(values, dir)), new CountingMetrics());
        cleanup.add(controller);
        return controller;
    }

    @ParameterizedTest
    @ValueSource(strings = {"uapi", "wg"})
    void givesAKeylessInterfaceTheGatewaysKeyFromTheDataDirectoryAndItsPort(String backend) throws Exception {
        LinuxWireGuardController controller = controller(backend);

        String keyFile = Files.readString(dir.resolve("wg-private.key")).strip();
        assertThat(Sh.run("wg", "show", operator.interfaceName(), "private-key").strip()).isEqualTo(keyFile);
        assertThat(Sh.run("wg", "show", operator.interfaceName(), "listen-port").strip())
                .isEqualTo(Integer.toString(listenPort));
        assertThat(controller.publicKey().base64())
                .isEqualTo(Sh.run("wg", "show", operator.interfaceName(), "public-key").strip())
                .isEqualTo(Sh.withStdin(keyFile + "\n", "wg", "pubkey").strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"uapi", "wg"})
    void keepsTheKeyOfAnInterfaceThatHasOne(String backend) throws Exception {
        WireGuardPrivateKey operatorsKey = WireGuardPrivateKey.generate();
        Sh.withStdin(operatorsKey.base64() + "\n", "wg", "set", operator.interfaceName(), "private-key", "/dev/stdin");

        LinuxWireGuardController controller = controller(backend);

        assertThat(controller.publicKey()).isEqualTo(operatorsKey.publicKey());
        assertThat(dir.resolve("wg-private.key")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"uapi", "wg"})
    void addsAPeerWithItsAddressesPresharedKeyAndKeepalive(String backend) throws Exception {
        LinuxWireGuardController controller = controller(backend);
        WireGuardKey key = Peers.randomKey();
        byte[] psk = WireGuardPrivateKey.generate().publicKey().bytes();

        controller.addPeer(Peers.peer(key, 2, Optional.of(psk), Duration.ofSeconds(25)));

        List<String> line = Peers.wgDumpLine(operator.interfaceName(), key).orElseThrow();
        assertThat(line.get(1)).isEqualTo(Base64.getEncoder().encodeToString(psk));
        assertThat(line.get(3)).isEqualTo("10.1.0.2/32,fd00::2/128");
        assertThat(line.get(7)).isEqualTo("25");
        assertThat(controller.peers()).containsExactly(new PeerStats(key, 0, 0, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uapi", "wg"})
    void replacesAPeersAddressesAndClearsItsPresharedKeyAndKeepalive(String backend) throws Exception {
        LinuxWireGuardController controller = controller(backend);
        WireGuardKey key = Peers.randomKey();
        controller.addPeer(Peers.peer(key, 2, Optional.of(new byte[32]), Duration.ofSeconds(25)));
        controller.addPeer(Peers.peer(key, 3, Optional.of(Peers.randomKey().bytes()), Duration.ofSeconds(25)));

        controller.addPeer(Peers.peer(key, 0x104, Optional.empty(), Duration.ZERO));

        assertThat(Peers.wgDump(operator.interfaceName())).containsExactly(
                List.of(key.base64(), "(none)", "(none)", "10.1.1.4/32,fd00::104/128", "0", "0", "0", "off"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uapi", "wg"})
    void removesAPeerAndTakesAnUnknownOneAsRemoved(String backend) throws Exception {
        LinuxWireGuardController controller = controller(backend);
        WireGuardKey kept = Peers.randomKey();
        WireGuardKey removed = Peers.randomKey();
        controller.addPeer(Peers.peer(kept, 2, Optional.empty(), Duration.ZERO));
        controller.addPeer(Peers.peer(removed, 3, Optional.empty(), Duration.ZERO));

        controller.removePeer(removed);
        controller.removePeer(Peers.randomKey());

        assertThat(controller.peers()).extracting(PeerStats::publicKey).containsExactly(kept);
        assertThat(Peers.wgDump(operator.interfaceName())).extracting(List::getFirst).containsExactly(kept.base64());
    }

    @Test
    void uapiSaysWhenTheSocketIsLeftBehindOrMissing() throws Exception {
        LinuxWireGuardController controller = controller("uapi");
        operator.kill();

        assertThatThrownBy(() -> controller.addPeer(Peers.peer(Peers.randomKey(), 2, Optional.empty(), Duration.ZERO)))
                .isInstanceOf(WireGuardException.class)
                .hasMessage("cannot talk to interface " + operator.interfaceName() + " on " + operator.socket()
                        + ": Connection refused (a socket left behind by a wireguard-go that died?)");
        Files.delete(operator.socket());
        assertThatThrownBy(controller::peers)
                .hasMessage("no UAPI socket " + operator.socket() + ": interface " + operator.interfaceName()
                        + " does not exist or no userspace WireGuard (wireguard-go) runs it");
        assertThat(controller.isReachable()).isFalse();
    }

    @Test
    void wgSaysWhatWgSaidWhenTheInterfaceIsGone() throws Exception {
        LinuxWireGuardController controller = controller("wg");
        WireGuardKey key = Peers.randomKey();
        operator.close();

        assertThatThrownBy(() -> controller.addPeer(Peers.peer(key, 2, Optional.empty(), Duration.ZERO)))
                .isInstanceOf(WireGuardException.class)
                .hasMessageStartingWith("'ip netns exec " + netns.name() + " wg set " + operator.interfaceName()
                        + " peer " + key.base64() + " allowed-ips 10.1.0.2/32,fd00::2/128")
                .hasMessageContaining("failed (exit 1): Unable to modify interface");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uapi", "wg"})
    void refusesToStartWithoutTheInterface(String backend) throws Exception {
        operator.close();

        assertThatThrownBy(() -> controller(backend)).isInstanceOf(WireGuardException.class)
                .hasMessageContaining(operator.interfaceName());
    }

    @Test
    void uapiReportsTheErrnoOfARefusedSet() throws Exception {
        try (OperatorWireGuardGo other = OperatorWireGuardGo.start("lpwg" + Sh.unique(), netns)) {
            Sh.run("wg", "set", other.interfaceName(), "listen-port", Integer.toString(listenPort));

            assertThatThrownBy(() -> controller("uapi")).isInstanceOf(WireGuardException.class)
                    .hasMessage("the interface refused the interface configuration on " + operator.interfaceName()
                            + ": errno=-98 (EADDRINUSE)");
        }
    }

    @Test
    void wgBackendSaysWhenWgIsNotInstalled() {
        assertThatThrownBy(() -> controller("wg", "wg", "/nonexistent/wg", "netns", ""))
                .isInstanceOf(WireGuardException.class)
                .hasMessageStartingWith("cannot run '/nonexistent/wg': Cannot run program \"/nonexistent/wg\"")
                .hasMessageEndingWith("(is it installed? its path is configurable in [plugins.wireguard-linux])");
    }
}
