package io.lpreg.engine.listener;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What per-source limits count by (DESIGN.md §4): an IPv4 address (/32), or an IPv6 /64 — one end site
 * gets a /64 and may use any address in it, so counting by /128 would let one host take every slot. An
 * IPv4-mapped IPv6 address counts as its IPv4 address.
 */
record SourceKey(boolean ipv6, long high, long low) {
    static SourceKey of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return new SourceKey(false, 0, toLong(bytes, 0, 4));
        }
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return new SourceKey(false, 0, toLong(bytes, 12, 4));
        }
        return new SourceKey(true, toLong(bytes, 0, 8), 0);
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static long toLong(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }
}
