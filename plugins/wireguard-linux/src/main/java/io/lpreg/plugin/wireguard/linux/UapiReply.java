package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strict reading of the cross-platform userspace API's replies (wireguard.com/xplatform): {@code key=value}
 * lines, the last one {@code errno=N}, then an empty line. Anything else is a protocol error, not a guess.
 */
final class UapiReply {
    private static final Map<Integer, String> ERRNO_NAMES = Map.of(5, "EIO", 22, "EINVAL", 71, "EPROTO",
            98, "EADDRINUSE");

    private UapiReply() {
    }

    record Line(String key, String value) {
    }

    /**
     * The lines of a complete reply before its {@code errno} line. A non-zero errno is a refusal: wireguard-go
     * writes it negated ({@code errno=-22}), the protocol text positive; both mean EINVAL.
     */
    static List<Line> parse(String operation, String reply) throws WireGuardException {
        if (!reply.endsWith("\n\n")) {
            throw new WireGuardException("malformed UAPI reply to " + operation + ": it does not end with an empty line");
        }
        String[] rows = reply.substring(0, reply.length() - 2).split("\n", -1);
        List<Line> lines = new ArrayList<>(rows.length);
        for (String row : rows) {
            int equals = row.indexOf('=');
            if (equals <= 0) {
                throw new WireGuardException("malformed UAPI reply to " + operation + ": line '" + abbreviate(row)
                        + "' is not key=value");
            }
            lines.add(new Line(row.substring(0, equals), row.substring(equals + 1)));
        }
        Line last = lines.getLast();
        if (!last.key().equals("errno")) {
            throw new WireGuardException("malformed UAPI reply to " + operation + ": it does not end with errno=N");
        }
        long errno;
        try {
            errno = Long.parseLong(last.value());
        } catch (NumberFormatException e) {
            throw new WireGuardException("malformed UAPI reply to " + operation + ": errno=" + abbreviate(last.value())
                    + " is not a number");
        }
        if (errno != 0) {
            int code = (int) Math.abs(errno);
            throw new WireGuardException("the interface refused " + operation + ": errno=" + errno
                    + Optional.ofNullable(ERRNO_NAMES.get(code)).map(name -> " (" + name + ")").orElse(""));
        }
        List<Line> body = lines.subList(0, lines.size() - 1);
        if (body.stream().anyMatch(line -> line.key().equals("errno"))) {
            throw new WireGuardException("malformed UAPI reply to " + operation + ": errno before the end");
        }
        return List.copyOf(body);
    }

    /** The body of a {@code get=1} reply: interface keys first, then each peer from its {@code public_key}. */
    static InterfaceDump dump(List<Line> lines) throws WireGuardException {
        Optional<WireGuardPrivateKey> privateKey = Optional.empty();
        int listenPort = 0;
        List<InterfaceDump.Peer> peers = new ArrayList<>();
        PeerBuilder peer = null;
        for (Line line : lines) {
            String value = line.value();
            if (line.key().equals("public_key")) {
                if (peer != null) {
                    peers.add(peer.build());
                }
                peer = new PeerBuilder(new WireGuardKey(hex32(line)));
                continue;
            }
            if (peer == null) {
                switch (line.key()) {
                    case "private_key" -> privateKey = Optional.of(new WireGuardPrivateKey(hex32(line)));
                    case "listen_port" -> listenPort = (int) number(line, 65535);
                    default -> {
                        // fwmark and keys of later protocol versions
                    }
                }
                continue;
            }
            switch (line.key()) {
                case "preshared_key" -> peer.presharedKey = !isZero(hex32(line));
                case "allowed_ip" -> peer.allowedIps.add(value);
                case "persistent_keepalive_interval" -> peer.keepalive = Duration.ofSeconds(number(line, 65535));
                case "rx_bytes" -> peer.rx = number(line, Long.MAX_VALUE);
                case "tx_bytes" -> peer.tx = number(line, Long.MAX_VALUE);
                case "last_handshake_time_sec" -> peer.handshakeSeconds = number(line, Long.MAX_VALUE);
                case "last_handshake_time_nsec" -> peer.handshakeNanos = number(line, 999_999_999);
                default -> {
                    // endpoint, protocol_version and keys of later protocol versions
                }
            }
        }
        if (peer != null) {
            peers.add(peer.build());
        }
        return new InterfaceDump(privateKey, listenPort, peers);
    }

    private static byte[] hex32(Line line) throws WireGuardException {
        if (line.value().length() != 64) {
            throw new WireGuardException("malformed UAPI reply: " + line.key() + " is not 64 hex digits");
        }
        try {
            return HexFormat.of().parseHex(line.value());
        } catch (IllegalArgumentException e) {
            throw new WireGuardException("malformed UAPI reply: " + line.key() + " is not 64 hex digits");
        }
    }

    private static long number(Line line, long max) throws WireGuardException {
        try {
            long value = Long.parseLong(line.value());
            if (value < 0 || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new WireGuardException("malformed UAPI reply: " + line.key() + "=" + abbreviate(line.value())
                    + " is not a number in 0.." + max);
        }
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static final class PeerBuilder {
        private final WireGuardKey key;
        private final List<String> allowedIps = new ArrayList<>();
        private boolean presharedKey;
        private Duration keepalive = Duration.ZERO;
        private long rx;
        private long tx;
        private long handshakeSeconds;
        private long handshakeNanos;

        private PeerBuilder(WireGuardKey key) {
            this.key = key;
        }

        private InterfaceDump.Peer build() {
            Optional<Instant> handshake = handshakeSeconds == 0 && handshakeNanos == 0
                    ? Optional.empty() : Optional.of(Instant.ofEpochSecond(handshakeSeconds, handshakeNanos));
            return new InterfaceDump.Peer(key, presharedKey, allowedIps, keepalive, rx, tx, handshake);
        }
    }
}
