package io.lpreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's recipe as a user runs it: {@code lpreg gateway --ecash mock --wireguard IP:PORT} in one process,
 * then {@code lpreg register ... --use-mock-ecash --wg-quick} (dVPN, the default), a mixnet registration and a
 * probe against it. The test adds only what keeps it apart from other gateways on this machine: its own
 * ports, data directory, interface name and tunnel prefixes.
 */
class GatewayRecipeTest {
    private static final Pattern START_LINE = Pattern.compile(
            "lpreg gateway listening on 127\\.0\\.0\\.1:(\\d+) identity_key=([0-9a-f]{64}) .*");

    @TempDir
    Path dir;

    @Test
    void aGatewayWithManagedWireGuardAnswersTheReadmesRegisterWithAWgQuickConfiguration() throws Exception {
        Optional<String> why = DemoCommand.whyNoWireGuard(Path.of(System.getProperty("lpreg.test.plugins")));
        if (why.isPresent() && System.getenv("LPREG_REQUIRE_WIREGUARD") != null) {
            fail("LPREG_REQUIRE_WIREGUARD is set, but: " + why.get());
        }
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        String interfaceName = "lprcp" + HexFormat.of().formatHex(io.lpreg.protocol.SecureRandoms.current().generateSeed(3));
        Path config = dir.resolve("gateway.toml");
        Files.writeString(config, """
                [plugins.wireguard-linux]
                interface = "%s"
                address_v4 = "10.239.0.1/16"
                address_v6 = "fd39::1/112"

                [plugins.storage-sqlite]
                ipv4_prefix = "10.239.0.0/16"
                ipv6_prefix = "fd39::/112"
                """.formatted(interfaceName));
        int udpPort;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            udpPort = probe.getLocalPort();
        }
        Path log = dir.resolve("gateway.log");
        Process gateway = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Dguice_bytecode_gen_option=DISABLED",
                "-cp", System.getProperty("java.class.path"), Lpreg.class.getName(),
                "gateway", "--ecash", "mock", "--wireguard", "127.0.0.1:" + udpPort,
                "--config", config.toString(), "--data-dir", dir.resolve("data").toString(),
                "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0",
                "--plugins", System.getProperty("lpreg.test.plugins"))
                .redirectError(log.toFile())
                .start();
        try {
            String line = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as(Files.exists(log) ? Files.readString(log) : "no output").isNotNull();
            Matcher start = START_LINE.matcher(line);
            assertThat(start.matches()).as(line).isTrue();
            String address = "127.0.0.1:" + start.group(1);
            String identity = start.group(2);

            CliRun wgQuick = CliRun.run("register", "--gateway", address, "--gateway-key", identity, "--use-mock-ecash", "--wg-quick");
            assertThat(wgQuick.exitCode()).as(wgQuick.out() + wgQuick.err()).isZero();
            assertThat(wgQuick.out()).contains("[Interface]").contains("Address = 10.239.0.2/32, fd39::2/128")
                    .contains("Endpoint = 127.0.0.1:" + udpPort);
            assertThat(WgQuickConfig.parse(wgQuick.out()).allowedIps()).containsExactly("0.0.0.0/0", "::/0");
            assertThat(HostCommands.check(List.of("wg", "show", interfaceName, "allowed-ips"))).contains("10.239.0.2/32");

            CliRun mixnet = CliRun.run("register", "--gateway", address, "--gateway-key", identity, "--use-mock-ecash",
                    "--mode", "mixnet", "--json");
            assertThat(mixnet.exitCode()).as(mixnet.err()).isZero();
            JsonNode json = mixnet.json();
            assertThat(json.get("registered").asBoolean()).isTrue();
            assertThat(json.get("client_id").asText()).hasSize(64);

            CliRun probe = CliRun.run("probe", "--gateway", address, "--gateway-key", identity, "--use-mock-ecash", "--json");
            assertThat(probe.exitCode()).as(probe.out()).isZero();
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        assertThat(Files.readString(log)).contains("gateway stopped");
    }
}
