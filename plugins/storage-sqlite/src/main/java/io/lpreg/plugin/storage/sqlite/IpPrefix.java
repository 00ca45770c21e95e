package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.IpPair;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** An IPv4 or IPv6 network prefix such as {@code 10.1.0.0/16}, with its host bits zero. */
record IpPrefix(InetAddress network, int length) {
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    IpPrefix {
        requireNonNull(network, "network is null");
        int bits = bits(network);
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " is out of range 0.." + bits);
        }
        BigInteger value = new BigInteger(1, network.getAddress());
        if (!value.equals(value.shiftRight(bits - length).shiftLeft(bits - length))) {
            throw new IllegalArgumentException("prefix " + network.getHostAddress() + "/" + length + " has host bits set");
        }
    }

    /** Parses {@code address/length}; only literals are accepted, so a typo never becomes a DNS lookup. */
    static IpPrefix parse(String text) {
        requireNonNull(text, "text is null");
        String value = text.strip();
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a prefix (address/length): " + text);
        }
        String address = value.substring(0, slash);
        if (!IPV4_LITERAL.matcher(address).matches() && !IPV6_LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IP address literal: " + address);
        }
        int length;
        try {
            length = Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length in " + text, e);
        }
        try {
            return new IpPrefix(InetAddress.getByName(address), length);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + address, e);
        }
    }

    boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    boolean isIpv6() {
        return network instanceof Inet6Address;
    }

    /** How many addresses the prefix spans, network address included. */
    BigInteger addressCount() {
        return BigInteger.ONE.shiftLeft(bits(network) - length);
    }

    /** The address {@code offset} places after the network address. */
    InetAddress address(long offset) {
        if (offset < 0 || addressCount().compareTo(BigInteger.valueOf(offset)) <= 0) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        BigInteger value = new BigInteger(1, network.getAddress()).add(BigInteger.valueOf(offset));
        byte[] bytes = new byte[bits(network) / 8];
        byte[] raw = value.toByteArray();
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a " + bytes.length + "-byte address is always valid", e);
        }
    }

    /** How far {@code address} lies after the network address, if it lies inside this prefix. */
    Optional<Long> offsetOf(InetAddress address) {
        if (address.getClass() != network.getClass()) {
            return Optional.empty();
        }
        BigInteger offset = new BigInteger(1, address.getAddress()).subtract(new BigInteger(1, network.getAddress()));
        if (offset.signum() < 0 || offset.compareTo(addressCount()) >= 0 || offset.bitLength() >= Long.SIZE) {
            return Optional.empty();
        }
        return Optional.of(offset.longValueExact());
    }

    @Override
    public String toString() {
        return IpPair.text(network) + "/" + length;
    }

    private static int bits(InetAddress address) {
        return address.getAddress().length * 8;
    }
}
