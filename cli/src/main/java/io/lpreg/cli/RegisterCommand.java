package io.lpreg.cli;

import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.IpPair;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code lpreg register}: one registration, printed as a WireGuard peer configuration. */
@Command(name = "register", description = "Register with an LP gateway and print the WireGuard configuration it gives.")
public final class RegisterCommand implements Callable<Integer> {
    enum Mode { dvpn, mixnet }

    enum Wire { v1, v2 }

    @Mixin
    GatewayOptions gateway;

    @ArgGroup(exclusive = false)
    CredentialOptions credential = new CredentialOptions();

    @Option(names = "--mode", defaultValue = "dvpn", description = "dvpn or mixnet (default ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--wire", description = "v1 (Nym E2) or v2 (default v1; v2 with --wallet or a --credential of a scheme other than nym-zknym)")
    Wire wire;

    @Option(names = "--client-id", paramLabel = "HEX",
            description = "mixnet mode: the 32-byte client id to credit, in hex (default: a random one, printed)")
    String clientId;

    @Option(names = "--wg-quick", description = "Print a ready wg-quick configuration file instead of a summary")
    boolean wgQuick;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            GatewayTarget target = gateway.target();
            WireVersion version = credential.wireVersion(wire);
            RegistrationOptions options;
            Optional<byte[]> mixnetClient = Optional.empty();
            if (mode == Mode.mixnet) {
                mixnetClient = Optional.of(clientId == null ? randomClientId() : parseClientId(clientId));
                options = RegistrationOptions.mixnet(mixnetClient.get(), version);
            } else if (clientId != null) {
                throw new CliException("--client-id names a mixnet client: it needs --mode mixnet");
            } else {
                options = RegistrationOptions.dvpn(version);
            }
            options = credential.withTicketType(options);
            RegistrationResult result = new LpRegistrationClient(credential.source()).register(target, options);
            print(out, target, mixnetClient, result);
            out.flush();
            if (result instanceof RegistrationResult.Failed failed) {
                NextStep.afterClientFailure(failed.step().label(), failed.message(), target.address())
                        .ifPresent(hint -> err.println("lpreg register: " + hint));
            }
            return result.isRegistered() ? 0 : 1;
        } catch (CliException e) {
            err.println("lpreg register: " + e.getMessage());
            return 2;
        }
    }

    private static byte[] randomClientId() {
        byte[] id = new byte[32];
        new SecureRandom().nextBytes(id);
        return id;
    }

    private static byte[] parseClientId(String hex) throws CliException {
        try {
            byte[] id = HexFormat.of().parseHex(hex.strip());
            if (id.length != 32) {
                throw new CliException("--client-id: expected 32 bytes (64 hex digits), got " + id.length + " bytes");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new CliException("--client-id: not hex: " + e.getMessage());
        }
    }

    private void print(PrintWriter out, GatewayTarget target, Optional<byte[]> mixnetClient, RegistrationResult result) {
        if (json) {
            Map<String, Object> fields = toJson(target, result);
            mixnetClient.ifPresent(id -> fields.put("client_id", HexFormat.of().formatHex(id)));
            out.println(Json.write(fields));
            return;
        }
        switch (result) {
            case RegistrationResult.Registered registered -> {
                Optional<GatewayData> data = registered.gatewayData();
                if (wgQuick && data.isPresent()) {
                    out.print(ClientOutput.wgQuick(data.get(), registered.wireGuardKeys().privateKey(), Optional.empty(),
                            target.address()));
                    return;
                }
                out.printf("registered with %s in %.1f ms (%d bytes of bandwidth)%n", target.address(),
                        registered.timings().total().map(ClientOutput::ms).orElse(0.0), registered.allocatedBandwidth());
                data.ifPresentOrElse(d -> {
                    out.println("  gateway WireGuard key  " + Base64.getEncoder().encodeToString(d.publicKey()));
                    out.println("  endpoint               " + ClientOutput.endpoint(d, target.address()));
                    out.println("  your addresses         " + d.privateIpv4().getHostAddress() + "/32, "
                            + IpPair.text(d.privateIpv6()) + "/128");
                    out.println("  your private key       " + Base64.getEncoder().encodeToString(registered.wireGuardKeys().privateKey()));
                    out.println("(--wg-quick prints a ready configuration file)");
                }, () -> out.println("  mixnet client id       "
                        + mixnetClient.map(HexFormat.of()::formatHex).orElse("-")));
            }
            case RegistrationResult.Refused refused -> out.println("refused by the gateway: " + refused.reason());
            case RegistrationResult.Failed failed -> out.println(failed.step().label() + " failed: " + failed.message());
        }
    }

    private static Map<String, Object> toJson(GatewayTarget target, RegistrationResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gateway", target.address().getHostString() + ":" + target.address().getPort());
        json.put("registered", result.isRegistered());
        switch (result) {
            case RegistrationResult.Registered registered -> {
                json.put("allocated_bandwidth", registered.allocatedBandwidth());
                registered.gatewayData().ifPresent(data -> {
                    Base64.Encoder base64 = Base64.getEncoder();
                    json.put("gateway_public_key", base64.encodeToString(data.publicKey()));
                    json.put("endpoint", ClientOutput.endpoint(data, target.address()).toString().replaceFirst("^[^/]*/", ""));
                    json.put("ipv4", data.privateIpv4().getHostAddress());
                    json.put("ipv6", IpPair.text(data.privateIpv6()));
                    json.put("client_private_key", base64.encodeToString(registered.wireGuardKeys().privateKey()));
                    json.put("client_public_key", base64.encodeToString(registered.wireGuardKeys().publicKey()));
                    json.put("wg_quick", ClientOutput.wgQuick(data, registered.wireGuardKeys().privateKey(), Optional.empty(),
                            target.address()));
                });
            }
            case RegistrationResult.Refused refused -> json.put("error", refused.reason());
            case RegistrationResult.Failed failed -> {
                json.put("failed_step", failed.step().label());
                json.put("error", failed.message());
            }
        }
        json.put("latency_ms", ClientOutput.timings(result.timings()));
        return json;
    }
}
