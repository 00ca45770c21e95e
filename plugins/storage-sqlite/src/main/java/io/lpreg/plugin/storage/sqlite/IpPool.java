package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.IpPair;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The address arithmetic of the pool: slot {@code n} is the pair of the n-th usable IPv4 host and the n-th
 * usable IPv6 host. Offset 0 of each prefix is the network address, offset 1 the gateway's own address, and
 * the IPv4 broadcast address is never handed out, so slot 0 is offset 2. The pool is as large as the
 * smaller of the two usable ranges.
 */
final class IpPool {
    private static final long FIRST_HOST_OFFSET = 2;

    private final IpPrefix ipv4Prefix;
    private final IpPrefix ipv6Prefix;
    private final long size;

    IpPool(IpPrefix ipv4Prefix, IpPrefix ipv6Prefix) {
        this.ipv4Prefix = requireNonNull(ipv4Prefix, "ipv4Prefix is null");
        this.ipv6Prefix = requireNonNull(ipv6Prefix, "ipv6Prefix is null");
        if (!ipv4Prefix.isIpv4()) {
            throw new IllegalArgumentException("not an IPv4 prefix: " + ipv4Prefix);
        }
        if (!ipv6Prefix.isIpv6()) {
            throw new IllegalArgumentException("not an IPv6 prefix: " + ipv6Prefix);
        }
        BigInteger ipv4Hosts = ipv4Prefix.addressCount().subtract(BigInteger.valueOf(FIRST_HOST_OFFSET + 1));
        BigInteger ipv6Hosts = ipv6Prefix.addressCount().subtract(BigInteger.valueOf(FIRST_HOST_OFFSET));
        if (ipv4Hosts.signum() <= 0) {
            throw new IllegalArgumentException(ipv4Prefix + " leaves no client address (network, gateway and broadcast are reserved); use /30 or shorter");
        }
        if (ipv6Hosts.signum() <= 0) {
            throw new IllegalArgumentException(ipv6Prefix + " leaves no client address (network and gateway are reserved); use /126 or shorter");
        }
        this.size = ipv4Hosts.min(ipv6Hosts).longValueExact();
    }

    IpPrefix ipv4Prefix() {
        return ipv4Prefix;
    }

    IpPrefix ipv6Prefix() {
        return ipv6Prefix;
    }

    /** How many pairs the pool holds. */
    long size() {
        return size;
    }

    IpPair pair(long slot) {
        if (slot < 0 || slot >= size) {
            throw new IllegalArgumentException("slot " + slot + " is outside the pool of " + size);
        }
        return new IpPair((Inet4Address) ipv4Prefix.address(FIRST_HOST_OFFSET + slot),
                (Inet6Address) ipv6Prefix.address(FIRST_HOST_OFFSET + slot));
    }

    /** The slot of a pair this pool hands out; empty for any other pair. */
    Optional<Long> slotOf(IpPair pair) {
        Optional<Long> ipv4 = ipv4Prefix.offsetOf(pair.ipv4());
        Optional<Long> ipv6 = ipv6Prefix.offsetOf(pair.ipv6());
        if (ipv4.isEmpty() || !ipv4.equals(ipv6)) {
            return Optional.empty();
        }
        long slot = ipv4.get() - FIRST_HOST_OFFSET;
        return slot >= 0 && slot < size ? Optional.of(slot) : Optional.empty();
    }

    /** The gateway's own pair: first host of each prefix, never allocated. */
    IpPair gatewayPair() {
        return new IpPair((Inet4Address) ipv4Prefix.address(1), (Inet6Address) ipv6Prefix.address(1));
    }

    @Override
    public String toString() {
        return ipv4Prefix + " + " + ipv6Prefix + " (" + size + " pairs)";
    }
}
