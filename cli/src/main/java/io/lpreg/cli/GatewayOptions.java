package io.lpreg.cli;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.protocol.LpProtocolException;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;

/** {@code --gateway HOST:PORT --gateway-key HEX}, shared by register, probe and bench. */
final class GatewayOptions {
    @Option(names = "--gateway", paramLabel = "HOST:PORT", required = true,
            description = "The gateway's LP address (port 41264 if omitted)")
    String gateway;

    @Option(names = "--gateway-key", paramLabel = "HEX", required = true,
            description = "The gateway's Ed25519 identity key (identity_key of 'lpreg gateway'), or lp:HEX for its LP X25519 key")
    String gatewayKey;

    GatewayTarget target() throws CliException {
        InetSocketAddress address;
        try {
            address = GatewayTarget.parseAddress(gateway);
        } catch (IllegalArgumentException e) {
            throw new CliException("--gateway " + gateway + ": " + e.getMessage());
        }
        try {
            return new GatewayTarget(address, GatewayKey.parse(gatewayKey));
        } catch (LpProtocolException | IllegalArgumentException e) {
            throw new CliException(NextStep.gatewayKey(gatewayKey, e));
        }
    }
}
