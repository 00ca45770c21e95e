package io.lpreg.client.credential;

import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a credential is made for: asked after the handshake, so a credential can bind to the session.
 *
 * @param gatewayIdentity the gateway's Ed25519 identity, when the client knows it
 * @param handshakeHash the Noise handshake hash of this session
 */
public record CredentialRequest(TicketType ticketType, WireVersion wireVersion, Optional<byte[]> gatewayIdentity,
                                byte[] handshakeHash, Instant now) {
    public CredentialRequest {
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(wireVersion, "wireVersion is null");
        requireNonNull(gatewayIdentity, "gatewayIdentity is null");
        requireNonNull(handshakeHash, "handshakeHash is null");
        requireNonNull(now, "now is null");
        handshakeHash = handshakeHash.clone();
    }

    @Override
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }
}
