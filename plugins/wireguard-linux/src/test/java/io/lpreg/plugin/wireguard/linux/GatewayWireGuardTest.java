package io.lpreg.plugin.wireguard.linux;

import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Registrations through the real gateway onto real WireGuard interfaces (DESIGN.md §4, §9). */
@Timeout(90)
class GatewayWireGuardTest {
    @TempDir
    Path dir;

    private final String interfaceName = "lpwg" + Sh.unique();
    private final int listenPort = ThreadLocalRandom.current().nextInt(40_000, 50_000);
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void requireWireGuard() {
        RealWireGuard.assumeAvailable();
    }

    @AfterEach
    void cleanUp() throws Exception {
        Exception first = null;
        for (AutoCloseable closeable : cleanup.reversed()) {
            try {
                closeable.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        cleanup.add(closeable);
        return closeable;
    }

    private Map<String, String> section(String backend, Netns netns, String endpointHost) {
        return new HashMap<>(Map.of("backend", backend, "interface", interfaceName, "endpoint",
                endpointHost + ":" + listenPort, "listen_port", Integer.toString(listenPort), "netns", netns.name(),
                "restart_backoff", "2s"));
    }

    private static List<String> peerKeys(String interfaceName) {
        return Peers.wgDump(interfaceName).stream().map(List::getFirst).toList();
    }

    @Test
    void aRegisteredClientTunnelsUdpToTheGatewayUntilItsBandwidthIsSpent() throws Exception {
        Netns gatewaySide = closeLater(Netns.create("gw"));
        Netns clientSide = closeLater(Netns.create("cl"));
        String subnet = "10.233." + ThreadLocalRandom.current().nextInt(256) + ".";
        Netns.link(gatewaySide, subnet + "1/30", clientSide, subnet + "2/30");
        WireGuardGateway gateway = closeLater(WireGuardGateway.start(dir,
                section("wireguard-go", gatewaySide, subnet + "1")));
        WireGuardPrivateKey clientKey = WireGuardPrivateKey.generate();

        LpRegistrationResponse response = gateway.register(clientKey.publicKey(), UUID.randomUUID().toString());

        assertThat(response.success()).as("registration: %s", response.error()).isTrue();
        GatewayData data = response.gatewayData().orElseThrow();
        assertThat(data.endpoint()).isEqualTo(new InetSocketAddress(subnet + "1", listenPort));
        assertThat(new WireGuardKey(data.publicKey()).base64())
                .isEqualTo(Sh.run("wg", "show", interfaceName, "public-key").strip());
        String ipv4 = data.privateIpv4().getHostAddress();
        assertThat(Peers.wgDumpLine(interfaceName, clientKey.publicKey()).orElseThrow().get(3))
                .isEqualTo(ipv4 + "/32," + IpPair.text(data.privateIpv6()) + "/128");

        // the client's side: its own wireguard-go configured from the registration's answer
        OperatorWireGuardGo client = closeLater(OperatorWireGuardGo.start("lpwc" + Sh.unique(), clientSide));
        Sh.withStdin(clientKey.base64() + "\n", "wg", "set", client.interfaceName(), "private-key", "/dev/stdin",
                "peer", new WireGuardKey(data.publicKey()).base64(), "endpoint", subnet + "1:" + data.endpoint().getPort(),
                "allowed-ips", "10.1.0.0/16,fd00::/112");
        Sh.run("ip", "-n", clientSide.name(), "address", "add", ipv4 + "/32", "dev", client.interfaceName());
        Sh.run("ip", "-n", clientSide.name(), "link", "set", "dev", client.interfaceName(), "up");
        Sh.run("ip", "-n", clientSide.name(), "route", "add", "10.1.0.0/16", "dev", client.interfaceName());
        Process echo = new ProcessBuilder(UdpTool.inNetns(gatewaySide, "echo", "10.1.0.1", "7777"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        closeLater(() -> {
            echo.destroyForcibly();
            echo.waitFor(5, TimeUnit.SECONDS);
        });
        assertThat(WireGuardGateway.readLine(echo)).isEqualTo("ready");

        assertThat(send(clientSide, 5, 100)).isEqualTo(new Exchange(5, 5));
        List<String> counters = Peers.wgDumpLine(interfaceName, clientKey.publicKey()).orElseThrow();
        assertThat(Long.parseLong(counters.get(5))).as("rx bytes").isGreaterThan(500);
        assertThat(Long.parseLong(counters.get(6))).as("tx bytes").isGreaterThan(500);

        // 1 MB of allowance: about 470 echoes of 1000 bytes, counted in both directions
        Exchange spending = send(clientSide, 3000, 1000);

        assertThat(spending.echoed()).isBetween(300, 2000);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(peerKeys(interfaceName)).doesNotContain(clientKey.publicKey().base64()));
        assertThat(send(clientSide, 3, 100).echoed()).isZero();
    }

    private record Exchange(int sent, int echoed) {
    }

    private static Exchange send(Netns netns, int count, int size) throws Exception {
        String output = Sh.run(UdpTool.inNetns(netns, "send", "10.1.0.1", "7777", Integer.toString(count),
                Integer.toString(size), "1000").toArray(String[]::new));
        Matcher matcher = Pattern.compile("sent=(\\d+) echoed=(\\d+)").matcher(output);
        assertThat(matcher.find()).as("UdpTool said %s", output).isTrue();
        return new Exchange(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    @Test
    void startUpReAddsStoredPeersMissingOnTheInterfaceAndRemovesStrangers() throws Exception {
        Netns netns = closeLater(Netns.create("rc"));
        OperatorWireGuardGo operator = closeLater(OperatorWireGuardGo.start(interfaceName, netns));
        WireGuardKey lost = Peers.randomKey();
        WireGuardKey kept = Peers.randomKey();
        GatewayData lostData;
        try (WireGuardGateway gateway = WireGuardGateway.start(dir, section("uapi", netns, "10.233.0.1"))) {
            lostData = gateway.register(lost, UUID.randomUUID().toString()).gatewayData().orElseThrow();
            assertThat(gateway.register(kept, UUID.randomUUID().toString()).success()).isTrue();
        }
        WireGuardKey stranger = Peers.randomKey();
        Sh.run("wg", "set", operator.interfaceName(), "peer", lost.base64(), "remove");
        Sh.run("wg", "set", operator.interfaceName(), "peer", stranger.base64(), "allowed-ips", "10.1.9.9/32");
        assertThat(peerKeys(interfaceName)).containsExactlyInAnyOrder(kept.base64(), stranger.base64());

        closeLater(WireGuardGateway.start(dir, section("uapi", netns, "10.233.0.1")));

        assertThat(peerKeys(interfaceName)).containsExactlyInAnyOrder(lost.base64(), kept.base64());
        assertThat(Peers.wgDumpLine(interfaceName, lost).orElseThrow().get(3))
                .isEqualTo(lostData.privateIpv4().getHostAddress() + "/32," + IpPair.text(lostData.privateIpv6())
                        + "/128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uapi", "wg", "wireguard-go"})
    void aRegistrationTheInterfaceCannotTakeIsRefusedAndRolledBack(String backend) throws Exception {
        Netns netns = closeLater(Netns.create("rb"));
        OperatorWireGuardGo[] operator = new OperatorWireGuardGo[1];
        if (!backend.equals("wireguard-go")) {
            operator[0] = OperatorWireGuardGo.start(interfaceName, netns);
            closeLater(() -> operator[0].close());
        }
        WireGuardGateway gateway = WireGuardGateway.start(dir, section(backend, netns, "10.233.0.1"));
        WireGuardKey before = Peers.randomKey();
        WireGuardKey refused = Peers.randomKey();
        WireGuardKey retried = Peers.randomKey();
        String voucher = UUID.randomUUID().toString();
        try {
            assertThat(gateway.register(before, UUID.randomUUID().toString()).success()).isTrue();
            if (operator[0] != null) {
                operator[0].kill();
            } else {
                for (ProcessHandle process : WireGuardGateway.wireGuardGo(interfaceName)) {
                    process.destroyForcibly();
                    process.onExit().get(5, TimeUnit.SECONDS);
                }
            }

            LpRegistrationResponse response = gateway.register(refused, voucher);

            assertThat(response.success()).isFalse();
            // the client gets the fixed text; the interface, socket and command stay in the gateway's log
            assertThat(response.error()).hasValue("WireGuard peer registration failed");

            if (operator[0] != null) {
                operator[0].close();
                operator[0] = OperatorWireGuardGo.start(interfaceName, netns);
            } else {
                await().atMost(Duration.ofSeconds(10)).until(() -> peerKeysOrNone().contains(before.base64()));
            }
            // the voucher is spendable again: the refused registration consumed nothing
            assertThat(gateway.register(retried, voucher).success()).isTrue();
        } finally {
            gateway.close();
        }
        // storage holds exactly what the interface was given: start-up reconciliation puts back those two
        if (operator[0] != null) {
            Sh.run("wg", "set", interfaceName, "peer", retried.base64(), "remove");
        }
        closeLater(WireGuardGateway.start(dir, section(backend, netns, "10.233.0.1")));
        assertThat(peerKeys(interfaceName)).containsExactlyInAnyOrder(before.base64(), retried.base64());
    }

    private List<String> peerKeysOrNone() {
        try {
            return peerKeys(interfaceName);
        } catch (IllegalStateException e) {
            return List.of();
        }
    }
}
