package io.lpreg.cli;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.protocol.LpProtocolException;
import picocli.CommandLine.Option;

/** {@code --gateway HOST:PORT --gateway-key HEX}, shared by register, probe and bench. */
final class GatewayOptions {
    @Option(names = "--gateway", paramLabel = "HOST:PORT", required = true,
            description = "The gateway's LP address (port 41264 if omitted)")
    String gateway;

    @Option(names = "--gateway-key", paramLabel = "HEX", required = true,
            description = "The gateway's Ed25519 identity key (identity_key of 'lpreg gateway'), or lp:HEX for its LP X25519 key")
    String gatewayKey;

    GatewayTarget target() throws CliException {
        try {
            return new GatewayTarget(GatewayTarget.parseAddress(gateway), GatewayKey.parse(gatewayKey));
        } catch (LpProtocolException e) {
            throw new CliException("--gateway-key: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException("--gateway/--gateway-key: " + e.getMessage());
        }
    }
}
