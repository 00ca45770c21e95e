package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * The {@code wg} tool: {@code wg set} and {@code wg show <if> dump}. It reaches kernel interfaces as well as
 * userspace ones. Keys go to {@code wg} on stdin ({@code /dev/stdin}), never on its command line.
 */
final class WgCommandClient implements InterfaceClient {
    private final String interfaceName;
    private final String wg;
    private final UnaryOperator<List<String>> inNetns;
    private final Duration timeout;

    WgCommandClient(String interfaceName, String wg, UnaryOperator<List<String>> inNetns, Duration timeout) {
        this.interfaceName = requireNonNull(interfaceName, "interfaceName is null");
        this.wg = requireNonNull(wg, "wg is null");
        this.inNetns = requireNonNull(inNetns, "inNetns is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    @Override
    public InterfaceDump dump() throws WireGuardException {
        return parseDump(Commands.run(command("show", interfaceName, "dump"), "", timeout));
    }

    @Override
    public void configure(WireGuardPrivateKey privateKey, int listenPort) throws WireGuardException {
        Commands.run(command("set", interfaceName, "listen-port", Integer.toString(listenPort),
                "private-key", "/dev/stdin"), privateKey.base64() + "\n", timeout);
    }

    @Override
    public void setPeer(PeerConfig peer) throws WireGuardException {
        long keepalive = peer.persistentKeepalive().toSeconds();
        List<String> command = command("set", interfaceName, "peer", peer.publicKey().base64(),
                "allowed-ips", IpPair.text(peer.allowedIps().ipv4()) + "/32,"
                        + IpPair.text(peer.allowedIps().ipv6()) + "/128",
                "persistent-keepalive", keepalive == 0 ? "off" : Long.toString(keepalive),
                // /dev/null clears a preshared key the peer had before
                "preshared-key", peer.presharedKey().isPresent() ? "/dev/stdin" : "/dev/null");
        String stdin = peer.presharedKey().map(key -> Base64.getEncoder().encodeToString(key) + "\n").orElse("");
        Commands.run(command, stdin, timeout);
    }

    @Override
    public void removePeer(WireGuardKey publicKey) throws WireGuardException {
        Commands.run(command("set", interfaceName, "peer", publicKey.base64(), "remove"), "", timeout);
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(wg));
        command.addAll(Arrays.asList(arguments));
        return inNetns.apply(List.copyOf(command));
    }

    /**
     * {@code wg show <if> dump}: the interface line (private key, public key, listen port, fwmark), then one
     * tab-separated line per peer (public key, preshared key, endpoint, allowed IPs, latest handshake, rx, tx,
     * keepalive). {@code (none)} and {@code off} stand for nothing.
     */
    static InterfaceDump parseDump(String output) throws WireGuardException {
        List<String> lines = output.lines().filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new WireGuardException("wg show dump printed nothing");
        }
        String[] first = fields(lines.getFirst(), 4);
        Optional<WireGuardPrivateKey> privateKey = first[0].equals("(none)") ? Optional.empty()
                : Optional.of(privateKey(first[0]));
        int listenPort = (int) number(first[2], "listen port", 65535);
        List<InterfaceDump.Peer> peers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] peer = fields(line, 8);
            List<String> allowedIps = peer[3].equals("(none)") ? List.of() : List.of(peer[3].split(","));
            long handshake = number(peer[4], "latest handshake", Long.MAX_VALUE);
            peers.add(new InterfaceDump.Peer(publicKey(peer[0]), !peer[1].equals("(none)"), allowedIps,
                    peer[7].equals("off") ? Duration.ZERO : Duration.ofSeconds(number(peer[7], "keepalive", 65535)),
                    number(peer[5], "rx bytes", Long.MAX_VALUE), number(peer[6], "tx bytes", Long.MAX_VALUE),
                    handshake == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(handshake))));
        }
        return new InterfaceDump(privateKey, listenPort, peers);
    }

    private static String[] fields(String line, int count) throws WireGuardException {
        String[] fields = line.split("\t", -1);
        if (fields.length != count) {
            throw new WireGuardException("unexpected wg show dump line with " + fields.length + " fields instead of "
                    + count);
        }
        return fields;
    }

    private static WireGuardPrivateKey privateKey(String base64) throws WireGuardException {
        try {
            return WireGuardPrivateKey.fromBase64(base64);
        } catch (IllegalArgumentException e) {
            throw new WireGuardException("wg show dump: the private key is not 32 bytes in Base64");
        }
    }

    private static WireGuardKey publicKey(String base64) throws WireGuardException {
        try {
            return WireGuardKey.fromBase64(base64);
        } catch (IllegalArgumentException e) {
            throw new WireGuardException("wg show dump: a peer key is not 32 bytes in Base64: " + base64);
        }
    }

    private static long number(String text, String what, long max) throws WireGuardException {
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WireGuardException("wg show dump: the " + what + " '" + text + "' is not a number in 0.." + max);
    }
}
