package io.lpreg.tickets;

import io.lpreg.spi.TicketType;
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
    public static SpendData decode(byte[] data) throws MalformedSpendException {
        requireNonNull(data, "data is null");
        if (data.length != SpendData.SIZE) {
            throw new MalformedSpendException(
                    SCHEME + " spend must be " + SpendData.SIZE + " bytes, got " + data.length);
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        TicketType ticketType;
        try {
            ticketType = TicketType.fromIndex(in.get() & 0xff);
        } catch (IllegalArgumentException e) {
            throw new MalformedSpendException(e.getMessage());
        }
        long epoch = in.getLong();
        if (epoch < 0) {
            throw new MalformedSpendException("epoch " + Long.toUnsignedString(epoch) + " is out of range");
        }
        byte[] serial = take(in, TicketMessages.SERIAL_SIZE);
        byte[] sigma = take(in, SpendData.SIGMA_SIZE);
        String sigmaProblem = G1Encoding.problem(sigma);
        if (sigmaProblem != null) {
            throw new MalformedSpendException("sigma is not a compressed G1 point: G1 point: " + sigmaProblem);
        }
        byte[] gateway = take(in, PayInfo.GATEWAY_SIZE);
        long timestamp = in.getLong();
        if (timestamp < 0) {
            throw new MalformedSpendException(
                    "pay_info timestamp " + Long.toUnsignedString(timestamp) + " is out of range");
        }
        byte[] nonce = take(in, PayInfo.NONCE_SIZE);
        byte[] spendSignature = take(in, SpendData.SPEND_SIGNATURE_SIZE);
        return new SpendData(ticketType, epoch, serial, sigma, new PayInfo(gateway, timestamp, nonce),
                spendSignature);
    }

    private static byte[] take(ByteBuffer in, int size) {
        byte[] out = new byte[size];
        in.get(out);
        return out;
    }
}
