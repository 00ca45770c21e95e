package io.lpreg.tickets;

import io.lpreg.spi.TicketType;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * One {@code bls-ticket-v1} ticket as a wallet holds it (docs/ecash.md §7.2): the Ed25519 seed of its serial key
 * (secret: whoever holds it can spend the ticket), the issuers' unblinded signature on
 * {@link TicketMessages#ticketMessage}, the end of its epoch, and whether it was spent.
 *
 * @param serialSeed 32-byte Ed25519 seed; the public key is the serial
 * @param signature compressed G1 point (48 bytes), the threshold BLS signature of the issuers
 * @param validUntil end of the ticket's epoch, after which gateways refuse it
 */
public record Ticket(TicketType ticketType, long epoch, byte[] serialSeed, byte[] signature, Instant validUntil,
                     boolean spent) {
    public static final int SEED_SIZE = 32;

    public Ticket {
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(serialSeed, "serialSeed is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(validUntil, "validUntil is null");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch is negative: " + epoch);
        }
        if (serialSeed.length != SEED_SIZE) {
            throw new IllegalArgumentException("serial seed must be 32 bytes, got " + serialSeed.length);
        }
        if (signature.length != SpendData.SIGMA_SIZE) {
            throw new IllegalArgumentException("ticket signature must be 48 bytes, got " + signature.length);
        }
        serialSeed = serialSeed.clone();
        signature = signature.clone();
    }

    /** The serial: the Ed25519 public key of {@link #serialSeed}, the nullifier gateways record. */
    public byte[] serial() {
        return serialOf(serialSeed);
    }

    /** The serial of a serial key: the Ed25519 public key of its 32-byte seed. */
    public static byte[] serialOf(byte[] serialSeed) {
        requireNonNull(serialSeed, "serialSeed is null");
        if (serialSeed.length != SEED_SIZE) {
            throw new IllegalArgumentException("serial seed must be 32 bytes, got " + serialSeed.length);
        }
        byte[] serial = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(serialSeed, 0, serial, 0);
        return serial;
    }

    @Override
    public byte[] serialSeed() {
        return serialSeed.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public Ticket asSpent() {
        return new Ticket(ticketType, epoch, serialSeed, signature, validUntil, true);
    }

    /** True when this is the same ticket (same serial key), spent or not. */
    public boolean sameTicket(Ticket other) {
        return Arrays.equals(serialSeed, other.serialSeed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ticket other && ticketType == other.ticketType && epoch == other.epoch
                && Arrays.equals(serialSeed, other.serialSeed) && Arrays.equals(signature, other.signature)
                && validUntil.equals(other.validUntil) && spent == other.spent;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serialSeed);
    }

    /** Never prints the seed. */
    @Override
    public String toString() {
        return "Ticket[" + ticketType.label() + ", epoch " + epoch + ", serial " + HexFormat.of().formatHex(serial())
                + ", valid until " + validUntil + (spent ? ", spent" : "") + "]";
    }
}
