package io.lpreg.example.embedded;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} and {@code [IPv6]:PORT} on the command line. */
final class Addresses {
    private Addresses() {
    }

    static InetSocketAddress parse(String text) {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("an address is HOST:PORT or [IPv6]:PORT, got " + text);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port in " + text, e);
        }
        return new InetSocketAddress(host, port);
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
