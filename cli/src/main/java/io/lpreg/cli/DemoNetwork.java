package io.lpreg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's own network, so that nothing on the host changes: a namespace for the gateway's WireGuard
 * interface with a bridge at {@value #ENDPOINT_ADDRESS}, and per dVPN client a namespace joined to that
 * bridge by a veth pair, where a client WireGuard interface is set up from the gateway's answer and pinged
 * through. Everything is removed by {@link #close()}, which is idempotent and also runs from a shutdown hook.
 */
final class DemoNetwork implements AutoCloseable {
    static final String ENDPOINT_ADDRESS = "10.234.0.1";
    static final int WIREGUARD_PORT = 51822;
    private static final String BRIDGE = "br0";
    private static final Path SOCKET_DIRECTORY = Path.of("/var/run/wireguard");
    private static final Duration SOCKET_WAIT = Duration.ofSeconds(10);
    private static final Pattern PING_COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");
    private static final Pattern PING_RTT = Pattern.compile("= [\\d.]+/([\\d.]+)/[\\d.]+/[\\d.]+ ms");

    /** What pinging the gateway's tunnel addresses from a client's namespace showed. */
    record TunnelCheck(boolean verified, int sent, int received, OptionalDouble rttMs, boolean ipv6, String detail) {
    }

    private final String prefix;
    private final Deque<String> namespaces = new ArrayDeque<>();
    private final List<Process> processes = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread cleanupOnExit = new Thread(this::close, "lpreg-demo-network-cleanup");

    private DemoNetwork(String prefix) {
        this.prefix = prefix;
    }

    /** Creates the gateway's namespace and bridge; on failure nothing is left behind. */
    static DemoNetwork create() throws CliException {
        DemoNetwork network = new DemoNetwork("lpd" + HexFormat.of().formatHex(io.lpreg.protocol.SecureRandoms.current()
                .generateSeed(2)));
        Runtime.getRuntime().addShutdownHook(network.cleanupOnExit);
        try {
            String gateway = network.namespace("gw");
            HostCommands.check(List.of("ip", "-n", gateway, "link", "add", BRIDGE, "type", "bridge"));
            HostCommands.check(List.of("ip", "-n", gateway, "address", "add", ENDPOINT_ADDRESS + "/24", "dev", BRIDGE));
            HostCommands.check(List.of("ip", "-n", gateway, "link", "set", BRIDGE, "up"));
            return network;
        } catch (CliException e) {
            network.close();
            throw e;
        }
    }

    String gatewayNamespace() {
        return prefix + "gw";
    }

    String gatewayInterface() {
        return prefix + "wg";
    }

    /**
     * Brings up client {@code number}'s WireGuard interface in a namespace of its own, configured from
     * {@code wgQuick} exactly as {@code lpreg register --wg-quick} prints it, and pings the gateway's tunnel
     * addresses through it.
     */
    TunnelCheck verifyTunnel(int number, String wgQuick, String gatewayIpv4, String gatewayIpv6) throws CliException {
        WgQuickConfig config = WgQuickConfig.parse(wgQuick);
        String client = namespace("c" + number);
        String veth = prefix + "v" + number;
        HostCommands.check(List.of("ip", "-n", gatewayNamespace(), "link", "add", veth + "g", "type", "veth",
                "peer", "name", veth + "c", "netns", client));
        HostCommands.check(List.of("ip", "-n", gatewayNamespace(), "link", "set", veth + "g", "master", BRIDGE, "up"));
        HostCommands.check(List.of("ip", "-n", client, "address", "add", "10.234.0." + (10 + number) + "/24", "dev", veth + "c"));
        HostCommands.check(List.of("ip", "-n", client, "link", "set", veth + "c", "up"));

        String wg = prefix + "c" + number;
        startWireGuardGo(client, wg);
        Path file = writePrivate(config.wgConfig());
        try {
            HostCommands.check(List.of("ip", "netns", "exec", client, "wg", "setconf", wg, file.toString()));
        } finally {
            deleteQuietly(file);
        }
        for (String address : config.addresses()) {
            HostCommands.check(List.of("ip", "-n", client, "address", "add", address, "dev", wg));
        }
        HostCommands.check(List.of("ip", "-n", client, "link", "set", wg, "up"));
        // wg-quick adds a route per allowed IP; its fwmark rules for a default route are not needed here,
        // because the endpoint sits on the veth's own, more specific subnet.
        for (String allowed : config.allowedIps()) {
            HostCommands.check(List.of("ip", "-n", client, allowed.contains(":") ? "-6" : "-4", "route", "add", allowed, "dev", wg));
        }
        return ping(client, gatewayIpv4, gatewayIpv6);
    }

    private TunnelCheck ping(String namespace, String ipv4, String ipv6) throws CliException {
        HostCommands.Result v4 = HostCommands.run(List.of("ip", "netns", "exec", namespace, "ping", "-n", "-q",
                "-c", "3", "-i", "0.2", "-W", "3", ipv4));
        Matcher counts = PING_COUNTS.matcher(v4.output());
        int sent = counts.find() ? Integer.parseInt(counts.group(1)) : 0;
        int received = sent > 0 ? Integer.parseInt(counts.group(2)) : 0;
        Matcher rtt = PING_RTT.matcher(v4.output());
        OptionalDouble rttMs = rtt.find() ? OptionalDouble.of(Double.parseDouble(rtt.group(1))) : OptionalDouble.empty();
        HostCommands.Result v6 = HostCommands.run(List.of("ip", "netns", "exec", namespace, "ping", "-6", "-n", "-q",
                "-c", "1", "-W", "3", ipv6));
        boolean verified = received > 0 && v6.succeeded();
        String detail = verified ? "" : sent == 0 ? "ping: " + v4.output() : "no reply from " + (received == 0 ? ipv4 : ipv6);
        return new TunnelCheck(verified, sent, received, rttMs, v6.succeeded(), detail);
    }

    private void startWireGuardGo(String namespace, String interfaceName) throws CliException {
        Path socket = SOCKET_DIRECTORY.resolve(interfaceName + ".sock");
        Process process;
        try {
            process = new ProcessBuilder("ip", "netns", "exec", namespace, "wireguard-go", "-f", interfaceName)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new CliException("cannot start wireguard-go: " + e.getMessage());
        }
        synchronized (processes) {
            processes.add(process);
        }
        long deadline = System.nanoTime() + SOCKET_WAIT.toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive()) {
                throw new CliException("wireguard-go for " + interfaceName + " exited with " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("wireguard-go did not open " + socket + " within " + SOCKET_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(10); // polling a socket file another process creates; nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while starting wireguard-go");
            }
        }
    }

    private String namespace(String role) throws CliException {
        String name = prefix + role;
        HostCommands.check(List.of("ip", "netns", "add", name));
        synchronized (namespaces) {
            namespaces.push(name);
        }
        HostCommands.check(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        return name;
    }

    private static Path writePrivate(String text) throws CliException {
        try {
            Path file = Files.createTempFile("lpreg-demo-wg-", ".conf",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new CliException("cannot write a WireGuard configuration: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a 0600 temporary file
        }
    }

    /** Stops the clients' wireguard-go and deletes every namespace (with its veths, bridge and interfaces). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (processes) {
            for (Process process : processes) {
                process.destroy();
            }
            for (Process process : processes) {
                try {
                    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
        synchronized (namespaces) {
            while (!namespaces.isEmpty()) {
                HostCommands.quietly(List.of("ip", "netns", "delete", namespaces.pop()));
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // close() runs from the hook itself
        }
    }
}
