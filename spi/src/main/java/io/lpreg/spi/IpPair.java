package io.lpreg.spi;

import java.net.Inet4Address;
import java.net.Inet6Address;

import static java.util.Objects.requireNonNull;

/** The tunnel addresses of one peer: an IPv4 /32 and an IPv6 /128, always allocated together. */
public record IpPair(Inet4Address ipv4, Inet6Address ipv6) {
    public IpPair {
        requireNonNull(ipv4, "ipv4 is null");
        requireNonNull(ipv6, "ipv6 is null");
    }

    @Override
    public String toString() {
        return ipv4.getHostAddress() + "/" + ipv6.getHostAddress();
    }
}
