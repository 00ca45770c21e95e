package io.lpreg.client.credential;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.zknym.MalformedZkNymException;
import io.lpreg.zknym.ZkNymWallet;

import java.io.IOException;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Pays with real zk-nyms: each request spends the next ticket of a ticketbook (a wallet written by
 * {@code lpreg zknym issue}) as Nym's client does, its pay_info naming the gateway's Ed25519 identity and
 * the request's time. In wire v1 the spend travels as E2 carries it, in v2 as a {@code nym-zknym}
 * envelope of the same {@code to_bytes} form. The wallet records the spend before it returns.
 */
public final class ZkNymWalletCredentialSource implements CredentialSource {
    private final ZkNymWallet wallet;
    private final Path file;

    public ZkNymWalletCredentialSource(ZkNymWallet wallet, Path file) {
        this.wallet = requireNonNull(wallet, "wallet is null");
        this.file = requireNonNull(file, "file is null");
    }

    /** Opens a wallet file; one that is not a zk-nym wallet is an {@link IOException} saying so. */
    public static ZkNymWalletCredentialSource open(Path file) throws IOException {
        try {
            return new ZkNymWalletCredentialSource(ZkNymWallet.open(file), file);
        } catch (MalformedZkNymException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The type of every ticket in the ticketbook: a wallet pays for that one only. */
    public TicketType ticketType() {
        return TicketType.fromIndex(wallet.ticketbook().tType());
    }

    public int remaining() {
        return wallet.remaining();
    }

    @Override
    public RequestCredential credential(CredentialRequest request) throws IOException {
        byte[] identity = request.gatewayIdentity().orElseThrow(() -> new IOException(
                "a zk-nym's pay_info names the gateway's Ed25519 identity: give the gateway's identity key, not its LP key"));
        if (request.ticketType() != ticketType()) {
            throw new IOException(file + " holds " + ticketType().label() + " tickets, not "
                    + request.ticketType().label() + " ones");
        }
        if (wallet.remaining() == 0) {
            throw new IOException("no unspent ticket left in " + file);
        }
        byte[] spend;
        try {
            spend = wallet.nextSpend(identity, request.now(), SecureRandoms.current());
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (request.wireVersion() != WireVersion.V1) {
            return new RequestCredential.Envelope(RequestCredential.ZkNym.SCHEME, spend);
        }
        try {
            return new RequestCredential.ZkNym(CredentialCodec.fromBytes(spend));
        } catch (LpProtocolException e) {
            throw new IllegalStateException("the zknym library made a spend the wire codec cannot read", e);
        }
    }
}
