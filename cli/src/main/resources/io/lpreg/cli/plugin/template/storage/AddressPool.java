package {{PACKAGE}};

import io.lpreg.spi.IpPair;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * The tunnel addresses of {@link {{CLASS}}}: an IPv4 /24 and an IPv6 /120 side by side. Host .0 is the
 * network, .1 the gateway's own address and .255 the IPv4 broadcast, so slot {@code n} is host {@code n + 2}
 * of both prefixes: 253 pairs.
 */
public record AddressPool(Inet4Address ipv4Network, Inet6Address ipv6Network) {
    public static final int SIZE = 253;
    private static final int FIRST_HOST = 2;

    public AddressPool {
        requireNonNull(ipv4Network, "ipv4Network is null");
        requireNonNull(ipv6Network, "ipv6Network is null");
        if (lastByte(ipv4Network) != 0 || lastByte(ipv6Network) != 0) {
            throw new IllegalArgumentException("the pool is a /24 and a /120: the last byte of both network "
                    + "addresses is 0, got " + ipv4Network.getHostAddress() + " and " + ipv6Network.getHostAddress());
        }
    }

    /** 10.64.0.0/24 and fd64::/120: private ranges. */
    public static AddressPool defaults() {
        try {
            return new AddressPool((Inet4Address) InetAddress.getByName("10.64.0.0"),
                    (Inet6Address) InetAddress.getByName("fd64::"));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("literal addresses need no lookup", e);
        }
    }

    public IpPair pair(int slot) {
        if (slot < 0 || slot >= SIZE) {
            throw new IllegalArgumentException("slot " + slot + " is outside the pool of " + SIZE);
        }
        return new IpPair((Inet4Address) host(ipv4Network, slot), (Inet6Address) host(ipv6Network, slot));
    }

    /** The slot of a pair this pool hands out; empty for any other pair. */
    public OptionalInt slotOf(IpPair pair) {
        byte[] ipv4 = pair.ipv4().getAddress();
        byte[] ipv6 = pair.ipv6().getAddress();
        int slot = Byte.toUnsignedInt(ipv4[3]) - FIRST_HOST;
        boolean inPool = samePrefix(ipv4, ipv4Network.getAddress()) && samePrefix(ipv6, ipv6Network.getAddress())
                && ipv4[3] == ipv6[15] && slot >= 0 && slot < SIZE;
        return inPool ? OptionalInt.of(slot) : OptionalInt.empty();
    }

    @Override
    public String toString() {
        return ipv4Network.getHostAddress() + "/24 + " + ipv6Network.getHostAddress() + "/120";
    }

    private static InetAddress host(InetAddress network, int slot) {
        byte[] address = network.getAddress();
        address[address.length - 1] = (byte) (slot + FIRST_HOST);
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4 or 16 byte address is always valid", e);
        }
    }

    private static boolean samePrefix(byte[] address, byte[] network) {
        return Arrays.equals(address, 0, address.length - 1, network, 0, network.length - 1);
    }

    private static int lastByte(InetAddress address) {
        byte[] bytes = address.getAddress();
        return Byte.toUnsignedInt(bytes[bytes.length - 1]);
    }
}
