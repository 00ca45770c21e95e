package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardKey;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Peers for the tests, and what {@code wg show <if> dump} says about them. */
final class Peers {
    private Peers() {
    }

    static WireGuardKey randomKey() {
        return WireGuardPrivateKey.generate().publicKey();
    }

    static PeerConfig peer(WireGuardKey key, int host, Optional<byte[]> presharedKey, Duration keepalive) {
        return new PeerConfig(key, ips(host), presharedKey, keepalive);
    }

    static IpPair ips(int host) {
        try {
            return new IpPair((Inet4Address) InetAddress.getByName("10.1." + (host >> 8) + "." + (host & 0xff)),
                    (Inet6Address) InetAddress.getByName("fd00::" + Integer.toHexString(host)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The peer lines of {@code wg show <if> dump}, split into their eight fields. */
    static List<List<String>> wgDump(String interfaceName) {
        return Sh.run("wg", "show", interfaceName, "dump").lines().skip(1)
                .map(line -> Arrays.asList(line.split("\t"))).toList();
    }

    static Optional<List<String>> wgDumpLine(String interfaceName, WireGuardKey key) {
        return wgDump(interfaceName).stream().filter(fields -> fields.getFirst().equals(key.base64())).findFirst();
    }
}
