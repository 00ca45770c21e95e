package io.lpreg.engine.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static java.util.Objects.requireNonNull;

/** {@code HOST:PORT} socket addresses as written in the configuration and on the command line. */
public final class BindAddress {
    private BindAddress() {
    }

    /**
     * Parses {@code 0.0.0.0:41264}, {@code [::]:41264} or {@code localhost:9464}; port 0 means any free
     * port. An IPv6 host needs brackets, since its colons would make the port ambiguous.
     *
     * @throws IllegalArgumentException with a message saying what is wrong (the text is not repeated)
     */
    public static InetSocketAddress parse(String text) {
        requireNonNull(text, "text is null");
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [IPv6]:PORT, e.g. [::]:41264");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("brackets are for IPv6 addresses only");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected HOST:PORT, e.g. 0.0.0.0:41264");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("an IPv6 address needs brackets, e.g. [::]:41264");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the host is missing, e.g. 0.0.0.0:41264");
        }
        InetSocketAddress address = new InetSocketAddress(host, parsePort(port));
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unknown host " + host);
        }
        return address;
    }

    /** The inverse of {@link #parse}: numeric host, IPv6 in brackets. */
    public static String format(InetSocketAddress address) {
        requireNonNull(address, "address is null");
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static int parsePort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the port must be a number from 0 to 65535");
        }
        int value = Integer.parseInt(port);
        if (value > 65_535) {
            throw new IllegalArgumentException("the port must be a number from 0 to 65535");
        }
        return value;
    }
}
