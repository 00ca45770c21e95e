package io.lpreg.cli;

import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.TicketWallet;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * {@code --use-mock-ecash | --wallet FILE | --credential SCHEME:HEX} and {@code --ticket-type TYPE}: how a
 * client pays, shared by register, probe and bench.
 */
final class CredentialOptions {
    @Option(names = "--use-mock-ecash", description = "Pay with a structurally valid mock zk-nym (gateways running mock e-cash)")
    boolean mock;

    @Option(names = "--wallet", paramLabel = "FILE", description = "Pay with a bls-ticket-v1 ticket from this wallet (wire v2)")
    Path wallet;

    @Option(names = "--credential", paramLabel = "SCHEME:HEX",
            description = "Pay with these bytes in a credential envelope of SCHEME (wire v2), e.g. hmac-voucher-v1:01ab…")
    String credential;

    @Option(names = "--ticket-type", paramLabel = "TYPE",
            description = "The ticket type to pay with: mixnet-entry, mixnet-exit, wireguard-entry or wireguard-exit "
                    + "(default: wireguard-entry in dvpn mode, mixnet-entry in mixnet mode)")
    String ticketType;

    /** The options with the ticket type asked for, if one was. */
    RegistrationOptions withTicketType(RegistrationOptions options) throws CliException {
        if (ticketType == null) {
            return options;
        }
        try {
            return options.withTicketType(TicketType.fromLabel(ticketType.strip()));
        } catch (IllegalArgumentException e) {
            throw new CliException("--ticket-type " + ticketType + ": expected mixnet-entry, mixnet-exit, "
                    + "wireguard-entry or wireguard-exit");
        }
    }

    boolean supplied() {
        return credential != null;
    }

    boolean usesWallet() {
        return wallet != null;
    }

    String describe() {
        return wallet != null ? "bls-ticket-v1 wallet" : credential != null ? "supplied credential" : "mock zk-nym";
    }

    CredentialSource source() throws CliException {
        if ((mock ? 1 : 0) + (wallet != null ? 1 : 0) + (credential != null ? 1 : 0) > 1) {
            throw new CliException("choose one of --use-mock-ecash, --wallet and --credential");
        }
        if (credential != null) {
            return CredentialSource.supplied(envelope(credential));
        }
        if (wallet != null) {
            return WalletCredentials.open(wallet);
        }
        if (mock) {
            return new MockCredentialSource();
        }
        throw new CliException("no credential: pass --use-mock-ecash (gateways running mock e-cash), --wallet FILE "
                + "or --credential SCHEME:HEX");
    }

    /** The wire version to speak: v1 unless asked otherwise, v2 where the credential can only travel there. */
    WireVersion wireVersion(RegisterCommand.Wire requested) throws CliException {
        boolean envelope = wallet != null || credential != null;
        if (requested == RegisterCommand.Wire.v1 && envelope) {
            throw new CliException("--wire v1 carries only zk-nym credentials; --wallet and --credential need --wire v2");
        }
        return requested == RegisterCommand.Wire.v2 || envelope ? WireVersion.V2 : WireVersion.V1;
    }

    private static RequestCredential.Envelope envelope(String text) throws CliException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new CliException("--credential: expected SCHEME:HEX, e.g. hmac-voucher-v1:01ab…");
        }
        try {
            return new RequestCredential.Envelope(text.substring(0, colon), HexFormat.of().parseHex(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new CliException("--credential: " + e.getMessage());
        }
    }
}
