package io.lpreg.tickets;

import io.lpreg.spi.TicketType;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * A decoded {@code bls-ticket-v1} spend (docs/bls-ticket-v1.md): which ticket (type, epoch, serial), the
 * issuers' signature on it, what it is paid to, and the serial key's signature over that and the session.
 * The signature's point is only checked for its encoding here; curve, subgroup and pairing checks belong
 * to the verifier.
 *
 * @param serial the ticket's Ed25519 public key, also its nullifier
 * @param sigma the issuers' BLS signature on the ticket message, a compressed G1 point (48 bytes)
 * @param spendSignature Ed25519 signature (64 bytes) by the serial key over
 *                       {@link TicketMessages#spendSignatureMessage}
 */
public record SpendData(TicketType ticketType, long epoch, byte[] serial, byte[] sigma, PayInfo payInfo,
                        byte[] spendSignature) {
    public static final int SIGMA_SIZE = 48;
    public static final int SPEND_SIGNATURE_SIZE = 64;
    /** 1 + 8 + 32 + 48 + 56 + 64. */
    public static final int SIZE = 1 + Long.BYTES + TicketMessages.SERIAL_SIZE + SIGMA_SIZE + PayInfo.SIZE
            + SPEND_SIGNATURE_SIZE;

    public SpendData {
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(serial, "serial is null");
        requireNonNull(sigma, "sigma is null");
        requireNonNull(payInfo, "payInfo is null");
        requireNonNull(spendSignature, "spendSignature is null");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch is negative: " + epoch);
        }
        requireSize(serial, TicketMessages.SERIAL_SIZE, "serial");
        requireSize(sigma, SIGMA_SIZE, "sigma");
        requireSize(spendSignature, SPEND_SIGNATURE_SIZE, "spend signature");
        serial = serial.clone();
        sigma = sigma.clone();
        spendSignature = spendSignature.clone();
    }

    @Override
    public byte[] serial() {
        return serial.clone();
    }

    @Override
    public byte[] sigma() {
        return sigma.clone();
    }

    @Override
    public byte[] spendSignature() {
        return spendSignature.clone();
    }

    /** The message the issuers signed: {@link TicketMessages#ticketMessage} of this ticket. */
    public byte[] ticketMessage() {
        return TicketMessages.ticketMessage(ticketType, epoch, serial);
    }

    /**
     * True when {@link #spendSignature} is the serial key's signature over pay_info and {@code handshakeHash}.
     * A serial that is not a valid Ed25519 key of the prime-order subgroup never verifies: a small-order key
     * would let anyone sign for it.
     */
    public boolean spendSignatureValid(byte[] handshakeHash) {
        requireNonNull(handshakeHash, "handshakeHash is null");
        if (handshakeHash.length != TicketMessages.HANDSHAKE_HASH_SIZE) {
            return false;
        }
        if (!Ed25519.validatePublicKeyFull(serial, 0)) {
            return false;
        }
        byte[] message = TicketMessages.spendSignatureMessage(payInfo, handshakeHash);
        return Ed25519.verify(spendSignature, 0, serial, 0, message, 0, message.length);
    }

    /** {@code ticket_type(u8) ‖ epoch(u64 BE) ‖ serial(32) ‖ sigma(48) ‖ pay_info(56) ‖ spend_sig(64)}. */
    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).put((byte) ticketType.index()).putLong(epoch).put(serial).put(sigma)
                .put(payInfo.encode()).put(spendSignature).array();
    }

    private static void requireSize(byte[] value, int size, String name) {
        if (value.length != size) {
            throw new IllegalArgumentException(name + " must be " + size + " bytes, got " + value.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpendData other && ticketType == other.ticketType && epoch == other.epoch
                && Arrays.equals(serial, other.serial) && Arrays.equals(sigma, other.sigma)
                && payInfo.equals(other.payInfo) && Arrays.equals(spendSignature, other.spendSignature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serial);
    }

    @Override
    public String toString() {
        return "SpendData[" + ticketType.label() + ", epoch " + epoch + ", serial "
                + HexFormat.of().formatHex(serial) + ", " + payInfo + "]";
    }
}
