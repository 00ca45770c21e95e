package io.lpreg.engine.listener;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * What per-source limits count by (docs/architecture.md §4.1): an IPv4 address (/32), or an IPv6 /64 — one end site
 * gets a /64 and may use any address in it, so counting by /128 would let one host take every slot. An
 * IPv4-mapped IPv6 address counts as its IPv4 address. {@link #prefixes} adds the wider blocks open
 * connections are also capped by (issue 22 A2).
 *
 * @param bits the prefix length: 32 or 24 for IPv4, 64, 56 or 48 for IPv6
 */
record SourceKey(boolean ipv6, int bits, long high, long low) {
    static SourceKey of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return new SourceKey(false, 32, 0, toLong(bytes, 0, 4));
        }
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return new SourceKey(false, 32, 0, toLong(bytes, 12, 4));
        }
        return new SourceKey(true, 64, toLong(bytes, 0, 8), 0);
    }

    /**
     * The blocks this source's open connections count against: itself, then its IPv4 /24 or its IPv6 /56 and
     * /48. Loopback IPv4 stays at /32: whoever is local has all of 127/8 (65 536 /24s) anyway, so a /24 cap
     * would protect nothing, while tests and the bench need many loopback sources that are not one network.
     */
    List<SourceKey> prefixes() {
        if (!ipv6) {
            return (low >>> 24) == 127 ? List.of(this) : List.of(this, new SourceKey(false, 24, 0, low & 0xffffff00L));
        }
        return List.of(this, new SourceKey(true, 56, high & ~0xffL, 0), new SourceKey(true, 48, high & ~0xffffL, 0));
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
