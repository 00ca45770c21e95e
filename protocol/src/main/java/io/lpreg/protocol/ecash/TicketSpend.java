package io.lpreg.protocol.ecash;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.credential.G1Point;
import io.lpreg.protocol.registration.TicketType;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Spending a ticket (client side) and decoding a spend (gateway side) in the {@code bls-ticket-v1}
 * encoding of docs/bls-ticket-v1.md: 209 bytes, fixed layout, no optional fields.
 */
public final class TicketSpend {
    public static final String SCHEME = "bls-ticket-v1";

    private TicketSpend() {
    }

    /**
     * The credential data that spends {@code ticket} at the gateway with {@code gatewayIdentityKey} (its
     * Ed25519 identity) in the session with {@code handshakeHash}. A spend made for one session is refused in
     * every other one, so make a new spend for every connection.
     */
    public static byte[] spend(Ticket ticket, byte[] gatewayIdentityKey, byte[] handshakeHash, Instant now,
                               SecureRandom random) {
        requireNonNull(ticket, "ticket is null");
        requireNonNull(gatewayIdentityKey, "gatewayIdentityKey is null");
        requireNonNull(handshakeHash, "handshakeHash is null");
        requireNonNull(now, "now is null");
        requireNonNull(random, "random is null");
        if (ticket.spent()) {
            throw new IllegalArgumentException("the ticket was already spent: " + ticket);
        }
        byte[] nonce = new byte[PayInfo.NONCE_SIZE];
        random.nextBytes(nonce);
        PayInfo payInfo = new PayInfo(gatewayIdentityKey, now.getEpochSecond(), nonce);
        byte[] message = TicketMessages.spendSignatureMessage(payInfo, handshakeHash);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(ticket.serialSeed(), 0, message, 0, message.length, signature, 0);
        return new SpendData(ticket.ticketType(), ticket.epoch(), ticket.serial(), ticket.signature(), payInfo,
                signature).encode();
    }

    /**
     * Decodes a spend strictly: exactly {@link SpendData#SIZE} bytes, a known ticket type, an epoch below
     * 2^63, and a signature whose compressed encoding is well-formed (flags, coordinate below p). Whether
     * that point is on the curve, in the subgroup or the identity is the verifier's check.
     */
    public static SpendData decode(byte[] data) throws LpProtocolException {
        requireNonNull(data, "data is null");
        if (data.length != SpendData.SIZE) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    SCHEME + " spend must be " + SpendData.SIZE + " bytes, got " + data.length);
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        int typeIndex = in.get() & 0xff;
        TicketType[] types = TicketType.values();
        if (typeIndex >= types.length) {
            throw new LpProtocolException(LpError.MALFORMED, "unknown ticket type " + typeIndex);
        }
        long epoch = in.getLong();
        if (epoch < 0) {
            throw new LpProtocolException(LpError.MALFORMED, "epoch " + Long.toUnsignedString(epoch) + " is out of range");
        }
        byte[] serial = take(in, TicketMessages.SERIAL_SIZE);
        byte[] sigma = take(in, SpendData.SIGMA_SIZE);
        try {
            new G1Point(sigma);
        } catch (IllegalArgumentException e) {
            throw new LpProtocolException(LpError.MALFORMED, "sigma is not a compressed G1 point: " + e.getMessage());
        }
        byte[] gateway = take(in, PayInfo.GATEWAY_SIZE);
        long timestamp = in.getLong();
        if (timestamp < 0) {
            throw new LpProtocolException(LpError.MALFORMED,
                    "pay_info timestamp " + Long.toUnsignedString(timestamp) + " is out of range");
        }
        byte[] nonce = take(in, PayInfo.NONCE_SIZE);
        byte[] spendSignature = take(in, SpendData.SPEND_SIGNATURE_SIZE);
        return new SpendData(types[typeIndex], epoch, serial, sigma, new PayInfo(gateway, timestamp, nonce),
                spendSignature);
    }

    private static byte[] take(ByteBuffer in, int size) {
        byte[] out = new byte[size];
        in.get(out);
        return out;
    }
}
