package io.lpreg.cli;

import io.lpreg.client.ClientTimeouts;
import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.RetryPolicy;
import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.engine.GatewayStartupException;
import io.lpreg.engine.LpGateway;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.TicketType;
import io.lpreg.protocol.wire.WireVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code lpreg demo}: a real gateway (SQLite, mock e-cash, WireGuard through wireguard-go where this
 * machine allows it), a handful of real registrations through the client library, a table of what each
 * got, and the gateway's metrics.
 */
@Command(name = "demo", description = "Start a real gateway, register a handful of clients against it, show what they got.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "6", description = "How many clients register (default ${DEFAULT-VALUE})")
    int clients;

    @Spec
    CommandSpec spec;

    private record Row(int number, String wire, String mode, RegistrationResult result) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path data = Files.createTempDirectory("lpreg-demo-");
        try {
            Optional<WireGuardSetup> wireGuard = WireGuardSetup.detect();
            if (wireGuard.isEmpty()) {
                out.println("note: " + WireGuardSetup.whyNot().orElse("WireGuard is not available")
                        + " — the demo registers in mixnet mode (no WireGuard peers).");
            }
            LpGateway gateway;
            try {
                gateway = EmbeddedGateway.start(data, wireGuard.map(setup -> WireGuardSetup.CONTROLLER),
                        wireGuard.map(WireGuardSetup::sections).orElse(Map.of()), true);
            } catch (GatewayStartupException e) {
                err.println("lpreg demo: the gateway did not start: " + e.getMessage());
                return 1;
            }
            try (gateway) {
                HexFormat hex = HexFormat.of();
                out.printf("gateway on %s%n  identity key %s%n  LP key       %s%n  storage      SQLite in %s%n"
                                + "  e-cash       mock (accepts any credential)%n  WireGuard    %s%n%n",
                        io.lpreg.engine.config.BindAddress.format(gateway.address()), hex.formatHex(gateway.identityKey()), hex.formatHex(gateway.lpKey()), data,
                        wireGuard.map(WireGuardSetup::describe).orElse("none (mixnet mode)"));
                GatewayTarget target = new GatewayTarget(gateway.address(), GatewayKey.identity(gateway.identityKey()));
                LpRegistrationClient client = new LpRegistrationClient(ClientTimeouts.defaults(), RetryPolicy.defaults(),
                        new MockCredentialSource(), Clock.systemUTC());
                List<Row> rows = new ArrayList<>();
                SecureRandom random = new SecureRandom();
                for (int i = 1; i <= clients; i++) {
                    WireVersion version = i % 2 == 1 ? WireVersion.V1 : WireVersion.V2;
                    RegistrationOptions options;
                    if (wireGuard.isPresent()) {
                        options = RegistrationOptions.dvpn(version)
                                .withTicketType(i % 3 == 0 ? TicketType.V1_WIREGUARD_EXIT : TicketType.V1_WIREGUARD_ENTRY);
                    } else {
                        byte[] clientId = new byte[32];
                        random.nextBytes(clientId);
                        options = RegistrationOptions.mixnet(clientId, version);
                    }
                    rows.add(new Row(i, version.name().toLowerCase(), options.mode().name(), client.register(target, options)));
                }
                printTable(out, rows);
                out.println();
                out.println("gateway metrics: " + gateway.metrics().summary().describe());
                gateway.metricsAddress().ifPresent(address -> out.println("(served at http://" + address.getHostString()
                        + ":" + address.getPort() + "/metrics and /health while the demo runs)"));
                out.flush();
                return rows.stream().allMatch(row -> row.result().isRegistered()) ? 0 : 1;
            }
        } catch (CliException e) {
            err.println("lpreg demo: " + e.getMessage());
            return 2;
        } finally {
            deleteRecursively(data);
        }
    }

    private static void printTable(PrintWriter out, List<Row> rows) {
        String format = "%-3s %-4s %-7s %-11s %-15s %-22s %-14s %9s%n";
        out.printf(format, "#", "wire", "mode", "result", "IPv4", "IPv6", "bandwidth", "time ms");
        for (Row row : rows) {
            String result;
            String ipv4 = "-";
            String ipv6 = "-";
            String bandwidth = "-";
            switch (row.result()) {
                case RegistrationResult.Registered registered -> {
                    result = "registered";
                    Optional<GatewayData> data = registered.gatewayData();
                    if (data.isPresent()) {
                        ipv4 = data.get().privateIpv4().getHostAddress();
                        ipv6 = ClientOutput.text(data.get().privateIpv6());
                    }
                    bandwidth = humanBytes(registered.allocatedBandwidth());
                }
                case RegistrationResult.Refused refused -> result = "refused: " + refused.reason();
                case RegistrationResult.Failed failed -> result = failed.step().label() + " failed: " + failed.message();
            }
            double ms = row.result().timings().total().map(ClientOutput::ms).orElse(0.0);
            out.printf(format, row.number(), row.wire(), row.mode(), result, ipv4, ipv6, bandwidth, String.format("%.1f", ms));
        }
    }

    private static String humanBytes(long bytes) {
        return bytes >= 1L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30))
                : String.format("%.1f MB", bytes / 1e6);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    /**
     * WireGuard through the wireguard-linux plugin's managed wireguard-go, where this machine allows it.
     * The demo's addresses (10.233.0.0/16, fd33:1::/112) stay clear of the usual 10.1.0.0/16 and fd00::/112
     * defaults, which may be routed on the host already; the interface disappears with the demo.
     */
    record WireGuardSetup(String interfaceName, int port) {
        static final String CONTROLLER = "wireguard-linux";
        private static final String PLUGIN_ZIP = "lpreg-plugin-wireguard-linux-plugin.zip";

        static Optional<WireGuardSetup> detect() throws CliException {
            if (whyNot().isPresent()) {
                return Optional.empty();
            }
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
                String name = "lpdemo" + HexFormat.of().formatHex(SecureRandoms.current().generateSeed(2));
                return Optional.of(new WireGuardSetup(name, probe.getLocalPort()));
            } catch (java.net.SocketException e) {
                return Optional.empty();
            }
        }

        /** Why the demo cannot run WireGuard here, if it cannot. */
        static Optional<String> whyNot() throws CliException {
            if (!"root".equals(System.getProperty("user.name"))) {
                return Optional.of("WireGuard needs root here (no kernel module: wireguard-go creates a tun device)");
            }
            if (!Files.isReadable(Path.of("/dev/net/tun"))) {
                return Optional.of("/dev/net/tun is missing, so wireguard-go cannot create an interface");
            }
            if (onPath("wireguard-go").isEmpty() || onPath("ip").isEmpty()) {
                return Optional.of("wireguard-go or ip (iproute2) is not installed");
            }
            if (!Files.isRegularFile(EmbeddedGateway.pluginsDirectory().resolve(PLUGIN_ZIP))) {
                return Optional.of("the wireguard-linux plugin is not in the distribution's plugins folder");
            }
            return Optional.empty();
        }

        private static Optional<Path> onPath(String command) {
            return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
                    .map(directory -> Path.of(directory, command))
                    .filter(Files::isExecutable)
                    .findFirst();
        }

        Map<String, Map<String, String>> sections() {
            return Map.of(
                    "wireguard-linux", Map.of(
                            "backend", "wireguard-go",
                            "interface", interfaceName,
                            "endpoint", "127.0.0.1:" + port,
                            "listen_port", String.valueOf(port),
                            "address_v4", "10.233.0.1/16",
                            "address_v6", "fd33:1::1/112"),
                    "storage-sqlite", Map.of(
                            "ipv4_prefix", "10.233.0.0/16",
                            "ipv6_prefix", "fd33:1::/112"));
        }

        String describe() {
            return "wireguard-go, interface " + interfaceName + " (UDP 127.0.0.1:" + port + "); try: wg show " + interfaceName;
        }
    }
}
