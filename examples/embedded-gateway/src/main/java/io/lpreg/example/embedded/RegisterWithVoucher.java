package io.lpreg.example.embedded;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client side of the example: registers for dVPN over wire v2 with an {@code example-voucher} and prints
 * the WireGuard configuration the gateway answered with, in {@code wg-quick} form.
 */
public final class RegisterWithVoucher {
    static final String USAGE = "usage: RegisterWithVoucher HOST:PORT GATEWAY_IDENTITY_KEY_HEX VOUCHER";

    private RegisterWithVoucher() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The exit code: 0 registered, 1 refused or failed, 2 bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.println(USAGE);
            return 2;
        }
        GatewayTarget target;
        try {
            target = new GatewayTarget(Addresses.parse(args[0]), GatewayKey.parse(args[1]));
        } catch (IllegalArgumentException | LpProtocolException e) {
            err.println("RegisterWithVoucher: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        RequestCredential voucher = new RequestCredential.Envelope(VoucherListVerifier.SCHEME,
                args[2].getBytes(StandardCharsets.UTF_8));
        RegistrationResult result = new LpRegistrationClient(CredentialSource.supplied(voucher))
                .register(target, RegistrationOptions.dvpn(WireVersion.V2));
        switch (result) {
            case RegistrationResult.Registered registered -> {
                GatewayData data = registered.gatewayData().orElseThrow();
                Base64.Encoder base64 = Base64.getEncoder();
                out.println("# registered: " + registered.allocatedBandwidth() + " bytes");
                out.println("[Interface]");
                out.println("PrivateKey = " + base64.encodeToString(registered.wireGuardKeys().privateKey()));
                out.println("Address = " + data.privateIpv4().getHostAddress() + "/32, "
                        + data.privateIpv6().getHostAddress() + "/128");
                out.println();
                out.println("[Peer]");
                out.println("PublicKey = " + base64.encodeToString(data.publicKey()));
                out.println("Endpoint = " + Addresses.format(data.endpoint()));
                out.println("AllowedIPs = 0.0.0.0/0, ::/0");
                return 0;
            }
            case RegistrationResult.Refused refused -> {
                err.println("refused: " + refused.reason());
                return 1;
            }
            case RegistrationResult.Failed failed -> {
                err.println("failed at " + failed.step() + ": " + failed.message());
                return 1;
            }
        }
    }
}
