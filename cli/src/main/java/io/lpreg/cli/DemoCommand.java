package io.lpreg.cli;

import io.lpreg.client.ClientTimeouts;
import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.RetryPolicy;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.client.credential.CredentialRequest;
import io.lpreg.client.credential.WalletCredentialSource;
import io.lpreg.client.credential.ZkNymWalletCredentialSource;
import io.lpreg.engine.GatewayStartupException;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.BindAddress;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.TicketWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code lpreg demo}: a real gateway (SQLite, real zk-nyms for wire v1 and {@code bls-ticket-v1} tickets for
 * wire v2, each from an issuer made on the spot, WireGuard through wireguard-go where this machine allows
 * it), clients that register through the client library, one that sends a zk-nym again and one that spends
 * a bls ticket a second time, both refused, one mixnet client, and for every dVPN client a WireGuard tunnel
 * of its own that must carry traffic.
 */
@Command(name = "demo", description = "Start a real gateway, register clients against it, and prove that their "
        + "WireGuard tunnels carry traffic.")
public final class DemoCommand implements Callable<Integer> {
    static final String GATEWAY_TUNNEL_IPV4 = "10.233.0.1";
    static final String GATEWAY_TUNNEL_IPV6 = "fd33:1::1";
    private static final HexFormat HEX = HexFormat.of();

    @Option(names = "--clients", defaultValue = "4",
            description = "dVPN clients (mixnet ones where WireGuard cannot run here), besides the mixnet client and "
                    + "the two that pay again (default ${DEFAULT-VALUE}, at most 50)")
    int clients;

    @Option(names = "--no-wireguard", description = "Mixnet registrations only, even where WireGuard could run here")
    boolean noWireGuard;

    @Option(names = "--json", description = "Print one JSON object: registered, refused, tunnels_verified, clients, ...")
    boolean json;

    @Spec
    CommandSpec spec;

    /** A demo client: how it registers, what it pays with, and what the gateway should answer. */
    private record Client(int number, WireVersion wire, boolean dvpn, TicketType ticketType, String paidWith,
                          boolean expectRegistered, CredentialSource credentials, Optional<byte[]> mixnetId) {
        RegistrationOptions options() {
            RegistrationOptions options = mixnetId.map(id -> RegistrationOptions.mixnet(id, wire))
                    .orElseGet(() -> RegistrationOptions.dvpn(wire));
            return options.withTicketType(ticketType);
        }

        Client numbered(int newNumber) {
            return new Client(newNumber, wire, dvpn, ticketType, paidWith, expectRegistered, credentials, mixnetId);
        }
    }

    private record Row(Client client, RegistrationResult result, Optional<DemoNetwork.TunnelCheck> tunnel) {
        boolean asExpected() {
            if (!client.expectRegistered()) {
                return result instanceof RegistrationResult.Refused refused && refused.reason().contains("already spent");
            }
            return result.isRegistered() && tunnel.map(DemoNetwork.TunnelCheck::verified).orElse(true);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (clients < 1 || clients > 50) {
            err.println("lpreg demo: --clients must be between 1 and 50");
            return 2;
        }
        Path data = Files.createTempDirectory("lpreg-demo-");
        DemoNetwork network = null;
        try {
            Optional<String> whyNoWireGuard = noWireGuard ? Optional.of("--no-wireguard was given")
                    : whyNoWireGuard(EmbeddedGateway.pluginsDirectory());
            if (whyNoWireGuard.isPresent() && !json) {
                out.println("note: " + whyNoWireGuard.get() + " — the demo registers in mixnet mode (no tunnels).");
            }
            boolean wireGuard = whyNoWireGuard.isEmpty();
            DemoIssuer issuer = DemoIssuer.create(data.resolve("issuer"));
            DemoZkNymIssuer zkNymIssuer = DemoZkNymIssuer.create(data.resolve("zknym-issuer"));
            List<Client> plan = plan(wireGuard, issuer, zkNymIssuer, data);

            Map<String, Map<String, String>> sections = new LinkedHashMap<>();
            sections.put("ecash-bls", Map.of("verification_keys", issuer.verificationKeys().toString()));
            sections.put("ecash-zknym", Map.of("verification_keys", zkNymIssuer.verificationKeys().toString()));
            if (wireGuard) {
                network = DemoNetwork.create();
                sections.putAll(wireGuardSections(network));
            }
            LpGateway gateway;
            try {
                gateway = EmbeddedGateway.start(data.resolve("gateway"), List.of("zknym", "bls"),
                        wireGuard ? Optional.of(GatewayCommand.WIREGUARD_PLUGIN) : Optional.empty(), sections, true);
            } catch (GatewayStartupException e) {
                err.println("lpreg demo: the gateway did not start: " + e.getMessage());
                return 1;
            }
            try (gateway) {
                GatewayTarget target = new GatewayTarget(gateway.address(), GatewayKey.identity(gateway.identityKey()));
                if (!json) {
                    printGateway(out, gateway, data, network);
                }
                List<Row> rows = new ArrayList<>();
                for (Client client : plan) {
                    RegistrationResult result = new LpRegistrationClient(ClientTimeouts.defaults(), RetryPolicy.defaults(),
                            client.credentials(), Clock.systemUTC()).register(target, client.options());
                    Optional<DemoNetwork.TunnelCheck> tunnel = Optional.empty();
                    if (network != null && client.dvpn() && result instanceof RegistrationResult.Registered registered
                            && registered.gatewayData().isPresent()) {
                        String wgQuick = ClientOutput.wgQuick(registered.gatewayData().get(),
                                registered.wireGuardKeys().privateKey(), Optional.empty(), target.address());
                        try {
                            tunnel = Optional.of(network.verifyTunnel(client.number(), wgQuick, GATEWAY_TUNNEL_IPV4,
                                    GATEWAY_TUNNEL_IPV6));
                        } catch (CliException e) {
                            tunnel = Optional.of(new DemoNetwork.TunnelCheck(false, 0, 0, OptionalDouble.empty(),
                                    false, "the client's interface could not be set up: " + e.getMessage()));
                        }
                    }
                    rows.add(new Row(client, result, tunnel));
                }
                boolean ok = rows.stream().allMatch(Row::asExpected);
                if (json) {
                    out.println(Json.write(toJson(rows, ok, whyNoWireGuard, gateway, network)));
                } else {
                    printRows(out, rows, ok, wireGuard, gateway);
                }
                out.flush();
                return ok ? 0 : 1;
            }
        } catch (CliException e) {
            err.println("lpreg demo: " + e.getMessage());
            return 1;
        } finally {
            if (network != null) {
                network.close();
            }
            deleteRecursively(data);
        }
    }

    /**
     * Odd clients speak wire v1 and pay with zk-nyms as E2 does; even ones speak v2 and spend bls tickets; all
     * issued for the demo. The first client's zk-nym is sent again, byte for byte, right after it: later, the
     * gateway would refuse it as stale (its pay_info's time) before finding it spent. Then one mixnet client,
     * then a copy of the bls wallet spends the first v2 client's ticket again.
     */
    private List<Client> plan(boolean wireGuard, DemoIssuer issuer, DemoZkNymIssuer zkNymIssuer, Path data)
            throws CliException, IOException {
        Path walletFile = data.resolve("demo.wallet");
        Path walletCopy = data.resolve("demo-copy.wallet");
        record Spec(int number, boolean v2, boolean dvpn, TicketType type, Optional<byte[]> mixnetId) {
        }
        List<Spec> specs = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            boolean v2 = i % 2 == 0;
            TicketType type = wireGuard
                    ? (i % 4 == 0 ? TicketType.WIREGUARD_EXIT : TicketType.WIREGUARD_ENTRY)
                    : TicketType.MIXNET_ENTRY;
            specs.add(new Spec(i, v2, wireGuard, type, wireGuard ? Optional.empty() : Optional.of(randomClientId())));
        }
        if (wireGuard) {
            specs.add(new Spec(clients + 1, true, false, TicketType.MIXNET_ENTRY, Optional.of(randomClientId())));
        }
        Map<TicketType, Integer> counts = new EnumMap<>(TicketType.class);
        specs.stream().filter(Spec::v2).forEach(spec -> counts.merge(spec.type(), 1, Integer::sum));
        if (counts.isEmpty()) {
            counts.put(TicketType.MIXNET_ENTRY, 1); // --clients 1: the bls double spender still needs a ticket
            specs.add(new Spec(specs.size() + 1, true, false, TicketType.MIXNET_ENTRY, Optional.of(randomClientId())));
        }
        issuer.issueWallet(walletFile, counts);
        Files.copy(walletFile, walletCopy);
        WalletCredentialSource wallet = WalletCredentialSource.open(walletFile);
        Map<TicketType, ZkNymWalletCredentialSource> zkNymWallets = new EnumMap<>(TicketType.class);
        for (Spec spec : specs) {
            if (!spec.v2() && !zkNymWallets.containsKey(spec.type())) {
                zkNymWallets.put(spec.type(), zkNymIssuer.wallet(data.resolve("zknym-" + spec.type().label() + ".wallet"), spec.type()));
            }
        }

        List<Client> plan = new ArrayList<>();
        FirstCredential replayed = null;
        for (Spec spec : specs) {
            CredentialSource credentials;
            if (spec.v2()) {
                credentials = wallet;
            } else if (replayed == null) {
                replayed = new FirstCredential(zkNymWallets.get(spec.type()));
                credentials = replayed;
            } else {
                credentials = zkNymWallets.get(spec.type());
            }
            plan.add(new Client(spec.number(), spec.v2() ? WireVersion.V2 : WireVersion.V1, spec.dvpn(), spec.type(),
                    spec.v2() ? "bls " + spec.type().label() : "zk-nym", true, credentials, spec.mixnetId()));
        }
        Client firstV1 = plan.get(0);
        plan.add(1, new Client(0, WireVersion.V1, firstV1.dvpn(), firstV1.ticketType(),
                "zk-nym of #" + firstV1.number() + " again", false, replayed.again(), firstV1.mixnetId()));
        for (int i = 0; i < plan.size(); i++) {
            plan.set(i, plan.get(i).numbered(i + 1));
        }
        Client firstV2 = plan.stream().filter(client -> client.wire() == WireVersion.V2).findFirst().orElseThrow();
        plan.add(new Client(plan.size() + 1, WireVersion.V2, firstV2.dvpn(), firstV2.ticketType(),
                "bls " + firstV2.ticketType().label() + " of #" + firstV2.number() + " again", false,
                new WalletCredentialSource(TicketWallet.load(walletCopy)), firstV2.mixnetId()));
        return plan;
    }

    /** Pays through a source and keeps the first credential it made, for a replayer to send again unchanged. */
    private static final class FirstCredential implements CredentialSource {
        private final CredentialSource source;
        private RequestCredential first;

        FirstCredential(CredentialSource source) {
            this.source = source;
        }

        @Override
        public synchronized RequestCredential credential(CredentialRequest request) throws IOException {
            RequestCredential credential = source.credential(request);
            if (first == null) {
                first = credential;
            }
            return credential;
        }

        CredentialSource again() {
            return request -> {
                synchronized (this) {
                    if (first == null) {
                        throw new IOException("the client whose zk-nym is replayed paid nothing");
                    }
                    return first;
                }
            };
        }
    }

    private static byte[] randomClientId() {
        byte[] id = new byte[32];
        SecureRandoms.current().nextBytes(id);
        return id;
    }

    /**
     * The gateway's interface lives in the demo's own namespace with its own prefixes (10.233.0.0/16,
     * fd33:1::/112), so the host's routes are never touched.
     */
    private static Map<String, Map<String, String>> wireGuardSections(DemoNetwork network) {
        return Map.of(
                GatewayCommand.WIREGUARD_PLUGIN, Map.of(
                        "backend", "wireguard-go",
                        "interface", network.gatewayInterface(),
                        "netns", network.gatewayNamespace(),
                        "endpoint", DemoNetwork.ENDPOINT_ADDRESS + ":" + DemoNetwork.WIREGUARD_PORT,
                        "listen_port", String.valueOf(DemoNetwork.WIREGUARD_PORT),
                        "address_v4", GATEWAY_TUNNEL_IPV4 + "/16",
                        "address_v6", GATEWAY_TUNNEL_IPV6 + "/112"),
                "storage-sqlite", Map.of(
                        "ipv4_prefix", "10.233.0.0/16",
                        "ipv6_prefix", "fd33:1::/112"));
    }

    /** Why the demo cannot run WireGuard here, if it cannot. */
    static Optional<String> whyNoWireGuard(Path plugins) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("WireGuard needs root here (no kernel module: wireguard-go creates a tun device)");
        }
        if (!Files.isReadable(Path.of("/dev/net/tun"))) {
            return Optional.of("/dev/net/tun is missing, so wireguard-go cannot create an interface");
        }
        for (String tool : List.of("wireguard-go", "wg", "ip", "ping")) {
            if (onPath(tool).isEmpty()) {
                return Optional.of(tool + " is not installed (packages wireguard-go, wireguard-tools, iproute2, iputils-ping)");
            }
        }
        if (!Files.isRegularFile(plugins.resolve("lpreg-plugin-wireguard-linux-plugin.zip"))) {
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

    private static void printGateway(PrintWriter out, LpGateway gateway, Path data, DemoNetwork network) {
        out.printf("gateway on %s%n  identity key %s%n  LP key       %s%n  storage      SQLite in %s%n"
                        + "  e-cash       zk-nyms (wire v1) and bls-ticket-v1 tickets (wire v2), each from a 2-of-3 issuer made for this demo%n"
                        + "  WireGuard    %s%n%n",
                BindAddress.format(gateway.address()), HEX.formatHex(gateway.identityKey()), HEX.formatHex(gateway.lpKey()),
                data.resolve("gateway"), network == null ? "none (mixnet mode)"
                        : "wireguard-go, interface " + network.gatewayInterface() + " in namespace "
                        + network.gatewayNamespace() + ", endpoint " + DemoNetwork.ENDPOINT_ADDRESS + ":"
                        + DemoNetwork.WIREGUARD_PORT + "; each client gets a namespace and a tunnel of its own");
    }

    private static void printRows(PrintWriter out, List<Row> rows, boolean ok, boolean wireGuard, LpGateway gateway) {
        String format = "%-3s %-4s %-6s %-31s %-11s %-12s %-12s %9s %7s  %s%n";
        out.printf(format, "#", "wire", "mode", "paid with", "result", "IPv4", "IPv6", "bandwidth", "ms", "tunnel");
        for (Row row : rows) {
            String ipv4 = "-";
            String ipv6 = "-";
            String bandwidth = "-";
            String result;
            String note = "";
            switch (row.result()) {
                case RegistrationResult.Registered registered -> {
                    result = "registered";
                    Optional<GatewayData> data = registered.gatewayData();
                    if (data.isPresent()) {
                        ipv4 = data.get().privateIpv4().getHostAddress();
                        ipv6 = IpPair.text(data.get().privateIpv6());
                    }
                    bandwidth = humanBytes(registered.allocatedBandwidth());
                }
                case RegistrationResult.Refused refused -> {
                    result = "refused";
                    note = "gateway: \"" + refused.reason() + "\"";
                }
                case RegistrationResult.Failed failed -> {
                    result = failed.step().label() + " failed";
                    note = failed.message();
                }
            }
            if (row.tunnel().isPresent()) {
                note = describe(row.tunnel().get());
            } else if (row.client().mixnetId().isPresent() && row.result().isRegistered()) {
                note = "mixnet client " + HEX.formatHex(row.client().mixnetId().get()).substring(0, 16) + "…";
            }
            double ms = row.result().timings().total().map(ClientOutput::ms).orElse(0.0);
            out.printf(format, row.client().number(), row.client().wire().name().toLowerCase(),
                    row.client().dvpn() ? "dvpn" : "mixnet", row.client().paidWith(), result, ipv4, ipv6, bandwidth,
                    String.format("%.1f", ms), note);
        }
        long registered = rows.stream().filter(row -> row.result().isRegistered()).count();
        long refused = rows.stream().filter(row -> row.result() instanceof RegistrationResult.Refused).count();
        long tunnels = rows.stream().filter(row -> row.tunnel().map(DemoNetwork.TunnelCheck::verified).orElse(false)).count();
        long dvpn = rows.stream().filter(row -> row.client().dvpn() && row.client().expectRegistered()).count();
        out.println();
        out.printf("%d registered, %d refused (a zk-nym sent again, a bls ticket spent again)%s — %s%n", registered, refused,
                wireGuard ? ", " + tunnels + " of " + dvpn + " WireGuard tunnels carry traffic" : "",
                ok ? "all as expected" : "NOT as expected");
        out.println("gateway metrics: " + gateway.metrics().summary().describe());
    }

    private static String describe(DemoNetwork.TunnelCheck tunnel) {
        if (!tunnel.verified()) {
            return "NO TRAFFIC: " + tunnel.detail();
        }
        return "ping " + GATEWAY_TUNNEL_IPV4 + " " + tunnel.received() + "/" + tunnel.sent()
                + (tunnel.rttMs().isPresent() ? String.format(", rtt %.2f ms", tunnel.rttMs().getAsDouble()) : "")
                + (tunnel.ipv6() ? "; " + GATEWAY_TUNNEL_IPV6 + " ok" : "");
    }

    private static Map<String, Object> toJson(List<Row> rows, boolean ok, Optional<String> whyNoWireGuard,
                                              LpGateway gateway, DemoNetwork network) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", ok);
        json.put("registered", rows.stream().filter(row -> row.result().isRegistered()).count());
        json.put("refused", rows.stream().filter(row -> row.result() instanceof RegistrationResult.Refused).count());
        json.put("tunnels_verified", rows.stream()
                .filter(row -> row.tunnel().map(DemoNetwork.TunnelCheck::verified).orElse(false)).count());
        json.put("wireguard", whyNoWireGuard.isEmpty());
        whyNoWireGuard.ifPresent(why -> json.put("why_no_wireguard", why));
        Map<String, Object> gatewayFields = new LinkedHashMap<>();
        gatewayFields.put("address", BindAddress.format(gateway.address()));
        gatewayFields.put("identity_key", HEX.formatHex(gateway.identityKey()));
        gatewayFields.put("lp_key", HEX.formatHex(gateway.lpKey()));
        if (network != null) {
            gatewayFields.put("wireguard_endpoint", DemoNetwork.ENDPOINT_ADDRESS + ":" + DemoNetwork.WIREGUARD_PORT);
            gatewayFields.put("tunnel_ipv4", GATEWAY_TUNNEL_IPV4);
            gatewayFields.put("tunnel_ipv6", GATEWAY_TUNNEL_IPV6);
        }
        json.put("gateway", gatewayFields);
        List<Map<String, Object>> clientRows = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("client", row.client().number());
            fields.put("wire", row.client().wire().name().toLowerCase());
            fields.put("mode", row.client().dvpn() ? "dvpn" : "mixnet");
            fields.put("paid_with", row.client().paidWith());
            fields.put("ticket_type", row.client().ticketType().label());
            fields.put("expected", row.client().expectRegistered() ? "registered" : "refused");
            fields.put("as_expected", row.asExpected());
            switch (row.result()) {
                case RegistrationResult.Registered registered -> {
                    fields.put("result", "registered");
                    fields.put("allocated_bandwidth", registered.allocatedBandwidth());
                    registered.gatewayData().ifPresent(data -> {
                        fields.put("ipv4", data.privateIpv4().getHostAddress());
                        fields.put("ipv6", IpPair.text(data.privateIpv6()));
                    });
                }
                case RegistrationResult.Refused refused -> {
                    fields.put("result", "refused");
                    fields.put("reason", refused.reason());
                }
                case RegistrationResult.Failed failed -> {
                    fields.put("result", "failed");
                    fields.put("failed_step", failed.step().label());
                    fields.put("reason", failed.message());
                }
            }
            row.client().mixnetId().ifPresent(id -> fields.put("client_id", HEX.formatHex(id)));
            fields.put("latency_ms", ClientOutput.timings(row.result().timings()));
            row.tunnel().ifPresent(tunnel -> {
                Map<String, Object> check = new LinkedHashMap<>();
                check.put("verified", tunnel.verified());
                check.put("ping_sent", tunnel.sent());
                check.put("ping_received", tunnel.received());
                tunnel.rttMs().ifPresent(rtt -> check.put("rtt_ms", rtt));
                check.put("ipv6", tunnel.ipv6());
                if (!tunnel.detail().isEmpty()) {
                    check.put("detail", tunnel.detail());
                }
                fields.put("tunnel", check);
            });
            clientRows.add(fields);
        }
        json.put("clients", clientRows);
        json.put("metrics", gateway.metrics().summary().describe());
        return json;
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
}
