package io.lpreg.cli;

import io.lpreg.client.Timings;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.spi.IpPair;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** How client results read on a terminal and in JSON. */
final class ClientOutput {
    private ClientOutput() {
    }

    static Map<String, Object> timings(Timings timings) {
        Map<String, Object> latency = new LinkedHashMap<>();
        timings.connect().ifPresent(d -> latency.put("connect", ms(d)));
        timings.handshake().ifPresent(d -> latency.put("handshake", ms(d)));
        timings.registration().ifPresent(d -> latency.put("registration", ms(d)));
        timings.total().ifPresent(d -> latency.put("total", ms(d)));
        return latency;
    }

    static double ms(Duration duration) {
        return Math.round(duration.toNanos() / 1e4) / 100.0;
    }

    /**
     * The endpoint to put in a client config: E2 gateways announce their bind address, often 0.0.0.0
     * (docs/wire-v1.md §10.2), which means "the address you reached me at".
     */
    static InetSocketAddress endpoint(GatewayData data, InetSocketAddress gateway) {
        InetSocketAddress endpoint = data.endpoint();
        return endpoint.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(gateway.getAddress(), endpoint.getPort())
                : endpoint;
    }

    /** A wg-quick configuration for the client. */
    static String wgQuick(GatewayData data, byte[] clientPrivateKey, Optional<byte[]> presharedKey,
                          InetSocketAddress gateway) {
        Base64.Encoder base64 = Base64.getEncoder();
        InetSocketAddress endpoint = endpoint(data, gateway);
        String host = IpPair.text(endpoint.getAddress());
        StringBuilder config = new StringBuilder()
                .append("[Interface]\n")
                .append("PrivateKey = ").append(base64.encodeToString(clientPrivateKey)).append('\n')
                .append("Address = ").append(data.privateIpv4().getHostAddress()).append("/32, ")
                .append(IpPair.text(data.privateIpv6())).append("/128\n\n")
                .append("[Peer]\n")
                .append("PublicKey = ").append(base64.encodeToString(data.publicKey())).append('\n');
        presharedKey.ifPresent(key -> config.append("PresharedKey = ").append(base64.encodeToString(key)).append('\n'));
        return config.append("Endpoint = ").append(host.contains(":") ? "[" + host + "]" : host).append(':')
                .append(endpoint.getPort()).append('\n')
                .append("AllowedIPs = 0.0.0.0/0, ::/0\n")
                .append("PersistentKeepalive = 25\n")
                .toString();
    }
}
