package io.lpreg.spi;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * What a verifier may bind a credential to.
 *
 * @param ticketType the ticket type the request claims
 * @param gatewayIdentity this gateway's Ed25519 identity public key (32 bytes)
 * @param handshakeHash the Noise handshake hash of the client's session (channel binding)
 * @param now the gateway's clock
 */
public record VerificationContext(TicketType ticketType, byte[] gatewayIdentity, byte[] handshakeHash, Instant now) {
    public VerificationContext {
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(gatewayIdentity, "gatewayIdentity is null");
        requireNonNull(handshakeHash, "handshakeHash is null");
        requireNonNull(now, "now is null");
        gatewayIdentity = gatewayIdentity.clone();
        handshakeHash = handshakeHash.clone();
    }

    @Override
    public byte[] gatewayIdentity() {
        return gatewayIdentity.clone();
    }

    @Override
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }
}
