package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The cross-platform userspace API over {@code /var/run/wireguard/<if>.sock}: one connection per
 * operation, as {@code wg} does, so that a restarted wireguard-go is picked up without reconnect logic.
 */
final class UapiClient implements InterfaceClient {
    private static final String NO_PRESHARED_KEY = "0".repeat(64);

    private final String interfaceName;
    private final Path socket;
    private final Duration timeout;

    UapiClient(String interfaceName, Path socket, Duration timeout) {
        this.interfaceName = requireNonNull(interfaceName, "interfaceName is null");
        this.socket = requireNonNull(socket, "socket is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    @Override
    public InterfaceDump dump() throws WireGuardException {
        return UapiReply.dump(UapiReply.parse("get on " + interfaceName, exchange("get=1\n\n")));
    }

    @Override
    public void configure(WireGuardPrivateKey privateKey, int listenPort) throws WireGuardException {
        set("the interface configuration", "private_key=" + privateKey.hex() + "\nlisten_port=" + listenPort + "\n");
    }

    @Override
    public void setPeer(PeerConfig peer) throws WireGuardException {
        String request = "public_key=" + peer.publicKey().hex() + "\n"
                + "replace_allowed_ips=true\n"
                + "allowed_ip=" + IpPair.text(peer.allowedIps().ipv4()) + "/32\n"
                + "allowed_ip=" + IpPair.text(peer.allowedIps().ipv6()) + "/128\n"
                + "preshared_key=" + peer.presharedKey().map(HexFormat.of()::formatHex).orElse(NO_PRESHARED_KEY) + "\n"
                + "persistent_keepalive_interval=" + peer.persistentKeepalive().toSeconds() + "\n";
        set("peer " + peer.publicKey(), request);
    }

    @Override
    public void removePeer(WireGuardKey publicKey) throws WireGuardException {
        set("the removal of peer " + publicKey, "public_key=" + publicKey.hex() + "\nremove=true\n");
    }

    private void set(String what, String body) throws WireGuardException {
        UapiReply.parse(what + " on " + interfaceName, exchange("set=1\n" + body + "\n"));
    }

    private String exchange(String request) throws WireGuardException {
        if (!Files.exists(socket)) {
            throw new WireGuardException("no UAPI socket " + socket + ": interface " + interfaceName
                    + " does not exist or no userspace WireGuard (wireguard-go) runs it");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            byte previous = 0;
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new WireGuardException("interface " + interfaceName + " did not answer on " + socket
                            + " within " + timeout.toMillis() + " ms");
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                if (out.hasRemaining()) {
                    channel.write(out);
                    if (!out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                    continue;
                }
                int read = channel.read(in);
                if (read > 0) {
                    int end = endOfReply(in.array(), read, previous);
                    previous = in.array()[read - 1];
                    if (end >= 0 && end != read) {
                        throw new WireGuardException("malformed UAPI reply from interface " + interfaceName
                                + ": data after its end");
                    }
                    reply.write(in.array(), 0, read);
                    in.clear();
                    if (end == read) {
                        return reply.toString(StandardCharsets.US_ASCII);
                    }
                } else if (read < 0) {
                    throw new WireGuardException("interface " + interfaceName + " closed " + socket
                            + " before its reply was complete");
                }
            }
        } catch (IOException e) {
            throw new WireGuardException("cannot talk to interface " + interfaceName + " on " + socket + ": " + e.getMessage()
                    + " (a socket left behind by a wireguard-go that died?)", e);
        }
    }

    /** Where the reply's empty line ends in {@code chunk} (no line of a reply is empty otherwise), or -1. */
    private static int endOfReply(byte[] chunk, int length, byte before) {
        byte previous = before;
        for (int i = 0; i < length; i++) {
            if (chunk[i] == '\n' && previous == '\n') {
                return i + 1;
            }
            previous = chunk[i];
        }
        return -1;
    }
}
