package io.lpreg.client.credential;

import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketSpend;
import io.lpreg.tickets.TicketWallet;

import java.io.IOException;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Pays with {@code bls-ticket-v1} tickets from a wallet file (docs/ecash.md §7.3). Each spend is signed for this
 * session (gateway identity, handshake hash, time), so it cannot be replayed elsewhere. The ticket is
 * marked spent in the wallet before the spend leaves: once sent it may be consumed, whatever the answer.
 */
public final class WalletCredentialSource implements CredentialSource {
    private final TicketWallet wallet;

    public WalletCredentialSource(TicketWallet wallet) {
        this.wallet = requireNonNull(wallet, "wallet is null");
    }

    public static WalletCredentialSource open(Path file) throws IOException {
        return new WalletCredentialSource(TicketWallet.load(file));
    }

    @Override
    public RequestCredential credential(CredentialRequest request) throws IOException {
        if (request.wireVersion() != WireVersion.V2) {
            throw new IOException("bls-ticket-v1 tickets travel in wire v2 only");
        }
        byte[] identity = request.gatewayIdentity().orElseThrow(() -> new IOException(
                "a ticket spend names the gateway's Ed25519 identity: give the gateway's identity key, not its LP key"));
        Ticket ticket = wallet.takeUnspent(request.ticketType(), request.now()).orElseThrow(() -> new IOException(
                "no unspent " + request.ticketType().label() + " ticket left in " + wallet.file()));
        byte[] spend = TicketSpend.spend(ticket, identity, request.handshakeHash(), request.now(), SecureRandoms.current());
        return new RequestCredential.Envelope(TicketSpend.SCHEME, spend);
    }
}
