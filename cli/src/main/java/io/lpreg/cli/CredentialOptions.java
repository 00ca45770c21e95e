package io.lpreg.cli;

import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.client.credential.ZkNymWalletCredentialSource;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * {@code --use-mock-ecash | --zknym-wallet FILE | --wallet FILE | --credential SCHEME:HEX} and
 * {@code --ticket-type TYPE}: how a client pays, shared by register, probe and bench. Zk-nyms (a wallet's, or
 * {@code nym-zknym:HEX}) travel in wire v1 as E2 carries them; every other credential needs wire v2.
 */
final class CredentialOptions {
    @Option(names = "--use-mock-ecash", description = "Pay with a structurally valid mock zk-nym (gateways running mock e-cash)")
    boolean mock;

    @Option(names = "--zknym-wallet", paramLabel = "FILE",
            description = "Pay with the next zk-nym of this wallet (lpreg zknym issue; wire v1 unless --wire v2; "
                    + "the ticket type is the wallet's unless --ticket-type says otherwise)")
    Path zkNymWallet;

    @Option(names = "--wallet", paramLabel = "FILE", description = "Pay with a bls-ticket-v1 ticket from this wallet (wire v2)")
    Path wallet;

    @Option(names = "--credential", paramLabel = "SCHEME:HEX",
            description = "Pay with these bytes: nym-zknym:HEX is Nym's CredentialSpendingData::to_bytes, sent over wire v1 "
                    + "as E2 clients carry it; any other SCHEME goes in a credential envelope (wire v2), e.g. hmac-voucher-v1:01ab…")
    String credential;

    @Option(names = "--ticket-type", paramLabel = "TYPE",
            description = "The ticket type to pay with: mixnet-entry, mixnet-exit, wireguard-entry or wireguard-exit "
                    + "(default: wireguard-entry in dvpn mode, mixnet-entry in mixnet mode)")
    String ticketType;

    /** Opened once: the ticket type defaults to the wallet's, and the same wallet then pays. */
    private ZkNymWalletCredentialSource zkNymSource;

    /** The options with the ticket type asked for, if one was, else a zk-nym wallet's own. */
    RegistrationOptions withTicketType(RegistrationOptions options) throws CliException {
        if (ticketType == null) {
            return zkNymWallet == null ? options : options.withTicketType(zkNymSource().ticketType());
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

    /** Single-use credentials from a file, which a warm-up would spend. */
    boolean usesWallet() {
        return wallet != null || zkNymWallet != null;
    }

    String describe() {
        return zkNymWallet != null ? "zk-nym wallet" : wallet != null ? "bls-ticket-v1 wallet"
                : credential != null ? "supplied credential" : "mock zk-nym";
    }

    CredentialSource source() throws CliException {
        if ((mock ? 1 : 0) + (zkNymWallet != null ? 1 : 0) + (wallet != null ? 1 : 0) + (credential != null ? 1 : 0) > 1) {
            throw new CliException("choose one of --use-mock-ecash, --zknym-wallet, --wallet and --credential");
        }
        if (credential != null) {
            RequestCredential supplied = suppliedCredential();
            return request -> supplied instanceof RequestCredential.ZkNym zkNym && request.wireVersion() != WireVersion.V1
                    ? new RequestCredential.Envelope(zkNym.scheme(), zkNym.data()) : supplied;
        }
        if (zkNymWallet != null) {
            return zkNymSource();
        }
        if (wallet != null) {
            return WalletCredentials.open(wallet);
        }
        if (mock) {
            return new MockCredentialSource();
        }
        throw new CliException("no credential: pass --use-mock-ecash (gateways running mock e-cash), --zknym-wallet FILE, "
                + "--wallet FILE or --credential SCHEME:HEX");
    }

    private ZkNymWalletCredentialSource zkNymSource() throws CliException {
        if (zkNymSource == null) {
            zkNymSource = WalletCredentials.openZkNym(zkNymWallet);
        }
        return zkNymSource;
    }

    /** The wire version to speak: v1 unless asked otherwise, v2 where the credential can only travel there. */
    WireVersion wireVersion(RegisterCommand.Wire requested) throws CliException {
        boolean envelopeOnly = wallet != null || (credential != null && !isZkNym(credential));
        if (requested == RegisterCommand.Wire.v1 && envelopeOnly) {
            throw new CliException("--wire v1 carries only zk-nym credentials; --wallet and --credential of a scheme other "
                    + "than nym-zknym need --wire v2");
        }
        return requested == RegisterCommand.Wire.v2 || envelopeOnly ? WireVersion.V2 : WireVersion.V1;
    }

    private static boolean isZkNym(String text) {
        return text.startsWith(RequestCredential.ZkNym.SCHEME + ":");
    }

    /**
     * A zk-nym (Nym's {@code to_bytes}) decoded for wire v1, where it travels as a struct, so a malformed one is
     * a usage error here rather than a refusal; any other scheme as an envelope of its bytes.
     */
    private RequestCredential suppliedCredential() throws CliException {
        int colon = credential.indexOf(':');
        if (colon <= 0) {
            throw new CliException("--credential: expected SCHEME:HEX, e.g. nym-zknym:0000… or hmac-voucher-v1:01ab…");
        }
        String scheme = credential.substring(0, colon);
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(credential.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new CliException("--credential " + scheme + ": not hex: " + e.getMessage());
        }
        if (isZkNym(credential)) {
            try {
                return new RequestCredential.ZkNym(CredentialCodec.fromBytes(bytes));
            } catch (LpProtocolException e) {
                throw new CliException("--credential nym-zknym: not a zk-nym in Nym's CredentialSpendingData::to_bytes form ("
                        + bytes.length + " bytes): " + e.getMessage());
            }
        }
        try {
            return new RequestCredential.Envelope(scheme, bytes);
        } catch (IllegalArgumentException e) {
            throw new CliException("--credential: " + e.getMessage());
        }
    }
}
