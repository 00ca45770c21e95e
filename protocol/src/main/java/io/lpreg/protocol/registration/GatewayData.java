package io.lpreg.protocol.registration;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * What a dVPN registration returns (docs/wire-v1.md §10.2): the gateway's WireGuard public key, the endpoint
 * the client connects to, and the client's tunnel addresses.
 */
public record GatewayData(byte[] publicKey, InetSocketAddress endpoint, Inet4Address privateIpv4,
                          Inet6Address privateIpv6) {
    public GatewayData {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(privateIpv4, "privateIpv4 is null");
        requireNonNull(privateIpv6, "privateIpv6 is null");
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("WireGuard public key must be 32 bytes, got " + publicKey.length);
        }
        if (endpoint.isUnresolved()) {
            throw new IllegalArgumentException("endpoint must be an IP address: " + endpoint);
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayData other
                && Arrays.equals(publicKey, other.publicKey)
                && endpoint.equals(other.endpoint)
                && privateIpv4.equals(other.privateIpv4)
                && privateIpv6.equals(other.privateIpv6);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(publicKey) * 31 + endpoint.hashCode()) * 31 + privateIpv4.hashCode()) * 31
                + privateIpv6.hashCode();
    }

    @Override
    public String toString() {
        return "GatewayData[publicKey=" + Base64.getEncoder().encodeToString(publicKey) + ", endpoint=" + endpoint
                + ", privateIpv4=" + privateIpv4.getHostAddress() + ", privateIpv6=" + privateIpv6.getHostAddress() + "]";
    }
}
