package io.lpreg.spi;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static java.util.Objects.requireNonNull;

/** The tunnel addresses of one peer: an IPv4 /32 and an IPv6 /128, always allocated together. */
public record IpPair(Inet4Address ipv4, Inet6Address ipv6) {
    private static final int GROUPS = 8;

    public IpPair {
        requireNonNull(ipv4, "ipv4 is null");
        requireNonNull(ipv6, "ipv6 is null");
    }

    /**
     * An address as {@code wg}, {@code ip} and people write it: IPv4 dotted, IPv6 in the RFC 5952 §4 form
     * ({@code fd00::2}, not {@code fd00:0:0:0:0:0:0:2}): lower-case hex without leading zeros, the longest
     * run of two or more zero groups shortened to {@code ::} (the first of equal runs), a single zero group
     * kept. The JDK turns IPv4-mapped IPv6 addresses into {@link Inet4Address}es, so they print dotted.
     */
    public static String text(InetAddress address) {
        requireNonNull(address, "address is null");
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int runStart = -1;
        int runLength = 1;
        for (int i = 0; i < GROUPS; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < GROUPS && groups[i] == 0) {
                i++;
            }
            if (i - start > runLength) {
                runStart = start;
                runLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < GROUPS; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return ipv4.getHostAddress() + "/" + ipv6.getHostAddress();
    }
}
