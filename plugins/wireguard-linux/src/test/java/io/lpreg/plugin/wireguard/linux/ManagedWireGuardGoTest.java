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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The wireguard-go backend: the plugin runs the interface itself, in a network namespace of the test's own. */
@Timeout(60)
class ManagedWireGuardGoTest {
    @TempDir
    Path dir;

    private Netns netns;
    private final String interfaceName = "lpwg" + Sh.unique();
    private final int listenPort = ThreadLocalRandom.current().nextInt(40_000, 50_000);
    private final CountingMetrics metrics = new CountingMetrics();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void createNamespace() {
        RealWireGuard.assumeAvailable();
        netns = Netns.create("mg");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : cleanup.reversed()) {
            closeable.close();
        }
        if (netns != null) {
            netns.close();
        }
    }

    private LinuxWireGuardController controller(String... extra) throws WireGuardException {
        Map<String, String> values = new HashMap<>(Map.of("backend", "wireguard-go", "interface", interfaceName,
                "endpoint", "10.233.0.1:" + listenPort, "listen_port", Integer.toString(listenPort),
                "netns", netns.name()));
        for (int i = 0; i < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        LinuxWireGuardController controller = new LinuxWireGuardController(
                WireGuardLinuxSettings.from(new MapPluginConfig(values, dir)), metrics);
        cleanup.add(controller);
        return controller;
    }

    private Path socket() {
        return OperatorWireGuardGo.SOCKETS.resolve(interfaceName + ".sock");
    }

    private boolean interfaceExists() {
        try {
            Sh.run("ip", "-n", netns.name(), "link", "show", "dev", interfaceName);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Test
    void bringsUpTheInterfaceWithKeyPortAndAddressesAndRemovesEverythingOnClose() throws Exception {
        LinuxWireGuardController controller = controller();
        long pid = controller.wireGuardGoPid().orElseThrow();

        String keyFile = Files.readString(dir.resolve("wg-private.key")).strip();
        assertThat(Sh.run("wg", "show", interfaceName, "private-key").strip()).isEqualTo(keyFile);
        assertThat(Sh.run("wg", "show", interfaceName, "listen-port").strip()).isEqualTo(Integer.toString(listenPort));
        assertThat(controller.publicKey().base64()).isEqualTo(Sh.withStdin(keyFile + "\n", "wg", "pubkey").strip());
        String addresses = Sh.run("ip", "-n", netns.name(), "-brief", "address", "show", "dev", interfaceName);
        assertThat(addresses).contains("10.1.0.1/16").contains("fd00::1/112");
        assertThat(Sh.run("ip", "-n", netns.name(), "link", "show", "dev", interfaceName)).contains(",UP");

        controller.close();

        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(socket()).doesNotExist();
        assertThat(interfaceExists()).isFalse();
    }

    @Test
    void restartsACrashedWireGuardGoAndGivesItBackItsPeers() throws Exception {
        LinuxWireGuardController controller = controller("restart_backoff", "1500ms", "restart_backoff_max", "5s");
        WireGuardKey kept = Peers.randomKey();
        WireGuardKey removed = Peers.randomKey();
        controller.addPeer(Peers.peer(kept, 2, Optional.empty(), Duration.ofSeconds(25)));
        controller.addPeer(Peers.peer(removed, 3, Optional.empty(), Duration.ofSeconds(25)));
        controller.removePeer(removed);
        long crashed = controller.wireGuardGoPid().orElseThrow();

        ProcessHandle.of(crashed).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(controller.wireGuardGoPid()).isEmpty());
        assertThatThrownBy(() -> controller.addPeer(Peers.peer(Peers.randomKey(), 4, Optional.empty(), Duration.ZERO)))
                .isInstanceOf(WireGuardException.class)
                .hasMessageStartingWith("wireguard-go for " + interfaceName
                        + " exited with status 137 (signal 9); restarting it in 1500 ms");
        assertThat(controller.isReachable()).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(() -> controller.wireGuardGoPid().isPresent());
        assertThat(controller.wireGuardGoPid().getAsLong()).isNotEqualTo(crashed);
        assertThat(controller.peers()).extracting(PeerStats::publicKey).containsExactly(kept);
        assertThat(Peers.wgDumpLine(interfaceName, kept).orElseThrow().get(3)).isEqualTo("10.1.0.2/32,fd00::2/128");
        assertThat(Sh.run("ip", "-n", netns.name(), "-brief", "address", "show", "dev", interfaceName))
                .contains("10.1.0.1/16");
        assertThat(metrics.count("wireguard_go_restarts")).isEqualTo(1);
        controller.addPeer(Peers.peer(Peers.randomKey(), 4, Optional.empty(), Duration.ZERO));
    }

    @Test
    void saysWhenWireGuardGoCannotBeRun() {
        assertThatThrownBy(() -> controller("wireguard_go", "/nonexistent/wireguard-go", "netns", ""))
                .isInstanceOf(WireGuardException.class)
                .hasMessageStartingWith("cannot run wireguard-go ('/nonexistent/wireguard-go'): Cannot run program");
        assertThatThrownBy(() -> controller("wireguard_go", "/nonexistent/wireguard-go"))
                .isInstanceOf(WireGuardException.class)
                .hasMessageMatching("wireguard-go for " + interfaceName + " exited with status \\d+ before its UAPI "
                        + "socket appeared; its last output: exec of \"/nonexistent/wireguard-go\" failed: No such file "
                        + "or directory");
        assertThat(socket()).doesNotExist();
    }

    @Test
    void refusesAnInterfaceAnotherWireGuardGoRuns() throws Exception {
        try (OperatorWireGuardGo other = OperatorWireGuardGo.start(interfaceName, netns)) {
            assertThatThrownBy(this::controller).isInstanceOf(WireGuardException.class)
                    .hasMessage("interface " + interfaceName + " is already run by another process (its UAPI socket "
                            + other.socket() + " answers): choose another interface name, or use backend \"uapi\" to "
                            + "manage peers on it");
            assertThat(other.socket()).exists();
        }
    }

    @Test
    void leavesNothingRunningWhenTheInterfaceCannotBeSetUp() throws Exception {
        try (OperatorWireGuardGo other = OperatorWireGuardGo.start("lpwg" + Sh.unique(), netns)) {
            Sh.run("wg", "set", other.interfaceName(), "listen-port", Integer.toString(listenPort));

            assertThatThrownBy(this::controller).isInstanceOf(WireGuardException.class)
                    .hasMessage("the interface refused the interface configuration on " + interfaceName
                            + ": errno=-98 (EADDRINUSE)");
        }
        assertThat(socket()).doesNotExist();
        assertThat(interfaceExists()).isFalse();
        assertThat(ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().orElse("").contains(interfaceName))).isEmpty();
    }

    @Test
    void thePluginsStopTearsDownTheInterfacesItsControllersRun() throws Exception {
        LinuxWireGuardController controller = controller();
        long pid = controller.wireGuardGoPid().orElseThrow();

        new WireGuardLinuxPlugin().stop();

        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(interfaceExists()).isFalse();
        assertThatThrownBy(controller::peers).hasMessage("the WireGuard controller of " + interfaceName + " is closed");
    }
}
