package io.lpreg.example.embedded;

import io.lpreg.engine.GatewayStartupException;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The host application: starts an {@link EmbeddedGateway}, prints how to reach it, and serves until the process
 * is interrupted (Ctrl-C), then closes the gateway gracefully.
 */
public final class EmbeddedGatewayApp {
    static final String USAGE = """
            usage: EmbeddedGatewayApp [--listen HOST:PORT] [--metrics HOST:PORT] [--data-dir DIR]
                                      [--wireguard-endpoint HOST:PORT] [--voucher TEXT]...
              --listen              the LP listener, default 127.0.0.1:41264
              --metrics             /metrics and /health, default off
              --data-dir            keeps the gateway's identity key, default ./embedded-gateway-data
              --wireguard-endpoint  what the WireGuard stand-in announces, default 127.0.0.1:51820
              --voucher             a voucher to accept (repeatable), default demo-voucher-1..3""";

    private EmbeddedGatewayApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedGateway.Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EmbeddedGatewayApp: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        EmbeddedGateway gateway;
        try {
            gateway = EmbeddedGateway.start(settings);
        } catch (GatewayStartupException e) {
            System.err.println("the gateway did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            closed.countDown();
        }, "embedded-gateway-shutdown"));
        printBanner(gateway, settings, System.out);
        closed.await();
    }

    static EmbeddedGateway.Settings parse(String[] args) {
        InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 41264);
        Optional<InetSocketAddress> metrics = Optional.empty();
        Path dataDirectory = Path.of("embedded-gateway-data");
        InetSocketAddress wireGuardEndpoint = new InetSocketAddress("127.0.0.1", 51820);
        List<String> vouchers = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--listen" -> listen = Addresses.parse(value);
                case "--metrics" -> metrics = Optional.of(Addresses.parse(value));
                case "--data-dir" -> dataDirectory = Path.of(value);
                case "--wireguard-endpoint" -> wireGuardEndpoint = Addresses.parse(value);
                case "--voucher" -> vouchers.add(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (vouchers.isEmpty()) {
            vouchers = List.of("demo-voucher-1", "demo-voucher-2", "demo-voucher-3");
        }
        return new EmbeddedGateway.Settings(listen, metrics, dataDirectory, wireGuardEndpoint, vouchers);
    }

    static void printBanner(EmbeddedGateway gateway, EmbeddedGateway.Settings settings, PrintStream out) {
        HexFormat hex = HexFormat.of();
        String address = Addresses.format(gateway.engine().address());
        String identity = hex.formatHex(gateway.engine().identityKey());
        out.println("embedded lpreg gateway listening on " + address);
        out.println("  identity key : " + identity);
        out.println("  LP key       : " + hex.formatHex(gateway.engine().lpKey()));
        out.println("  WireGuard    : " + gateway.wireGuard().publicKey() + " at "
                + Addresses.format(gateway.wireGuard().endpoint()) + " (stand-in: records peers, moves no packet)");
        out.println("  storage      : in memory, " + AddressPool.defaults());
        out.println("  vouchers     : " + String.join(", ", settings.vouchers()) + " (scheme "
                + VoucherListVerifier.SCHEME + ", each once)");
        gateway.engine().metricsAddress().ifPresent(metrics ->
                out.println("  metrics      : http://" + Addresses.format(metrics) + "/metrics and /health"));
        out.println("register a client from another terminal (in examples/embedded-gateway):");
        out.println("  java -cp 'target/*:target/lib/*' " + RegisterWithVoucher.class.getName() + " " + address + " "
                + identity + " " + settings.vouchers().getFirst());
        out.println("Ctrl-C stops the gateway.");
    }
}
