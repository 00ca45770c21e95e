package io.lpreg.tickets;

import io.lpreg.spi.TicketType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * The byte strings of {@code bls-ticket-v1} that get signed (docs/ecash.md §7.2, docs/bls-ticket-v1.md): the
 * ticket message the issuers sign blindly and the message the serial key signs at spend time.
 */
public final class TicketMessages {
    /** The RFC 9380 domain separation tag of the hash of a ticket message to G1. */
    public static final String HASH_TO_G1_DST = "LPREG-TICKET-V1_BLS12381G1_XMD:SHA-256_SSWU_RO_";
    public static final int SERIAL_SIZE = 32;
    public static final int HANDSHAKE_HASH_SIZE = 32;

    private static final byte[] TICKET_DOMAIN = "lpreg-ticket-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPEND_DOMAIN = "lpreg-ticket-v1-spend".getBytes(StandardCharsets.US_ASCII);

    /** Length of {@link #ticketMessage}: 15 + 1 + 8 + 32. */
    public static final int TICKET_MESSAGE_SIZE = TICKET_DOMAIN.length + 1 + Long.BYTES + SERIAL_SIZE;

    private TicketMessages() {
    }

    /** {@code m = "lpreg-ticket-v1" ‖ ticket_type(u8) ‖ epoch(u64 BE) ‖ serial(32)}. */
    public static byte[] ticketMessage(TicketType ticketType, long epoch, byte[] serial) {
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(serial, "serial is null");
        if (serial.length != SERIAL_SIZE) {
            throw new IllegalArgumentException("serial must be 32 bytes, got " + serial.length);
        }
        return ByteBuffer.allocate(TICKET_MESSAGE_SIZE).put(TICKET_DOMAIN).put((byte) ticketType.index())
                .putLong(epoch).put(serial).array();
    }

    /**
     * {@code "lpreg-ticket-v1-spend" ‖ pay_info(56) ‖ handshake_hash(32)}: what the serial key signs, binding
     * the spend to one gateway, one moment and one Noise session.
     */
    public static byte[] spendSignatureMessage(PayInfo payInfo, byte[] handshakeHash) {
        requireNonNull(payInfo, "payInfo is null");
        requireNonNull(handshakeHash, "handshakeHash is null");
        if (handshakeHash.length != HANDSHAKE_HASH_SIZE) {
            throw new IllegalArgumentException("handshake hash must be 32 bytes, got " + handshakeHash.length);
        }
        return ByteBuffer.allocate(SPEND_DOMAIN.length + PayInfo.SIZE + HANDSHAKE_HASH_SIZE).put(SPEND_DOMAIN)
                .put(payInfo.encode()).put(handshakeHash).array();
    }
}
