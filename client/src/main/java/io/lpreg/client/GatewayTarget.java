package io.lpreg.client;

import java.net.InetSocketAddress;

import static java.util.Objects.requireNonNull;

/** A gateway to register with: its LP address (port 41264 by default) and its key. */
public record GatewayTarget(InetSocketAddress address, GatewayKey key) {
    public static final int DEFAULT_PORT = 41264;

    public GatewayTarget {
        requireNonNull(address, "address is null");
        requireNonNull(key, "key is null");
    }

    /** {@code host:port}, {@code [v6]:port}, or a bare host (port 41264). */
    public static InetSocketAddress parseAddress(String text) {
        String value = text.strip();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            String host = value.substring(1, close);
            int port = close + 1 < value.length() ? Integer.parseInt(value.substring(close + 2)) : DEFAULT_PORT;
            return new InetSocketAddress(host, port);
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0 || value.indexOf(':') != colon) {
            return new InetSocketAddress(value, DEFAULT_PORT);
        }
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }
}
