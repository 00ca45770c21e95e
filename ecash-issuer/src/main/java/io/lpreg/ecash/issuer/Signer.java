package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;
import supranational.blst.P1_Affine;

import java.math.BigInteger;

import static java.util.Objects.requireNonNull;

/**
 * One issuer of the t-of-n set (Boldyreva's blind BLS): it multiplies a blinded G1 point by its key share.
 * It is handed r·H(m) and nothing else, so it never learns the ticket's serial.
 */
public final class Signer {
    private final SignerShare share;

    public Signer(SignerShare share) {
        this.share = requireNonNull(share, "share is null");
    }

    public int index() {
        return share.index();
    }

    /** sk_i · blinded, compressed; the blinded point must be in G1 and not the identity. */
    public byte[] signBlinded(long epoch, TicketType type, byte[] blinded) throws InvalidPointException {
        requireNonNull(type, "type is null");
        BigInteger secret = share.epoch(epoch)
                .orElseThrow(() -> new IllegalArgumentException("signer " + share.index() + " has no key for epoch " + epoch))
                .secret(type)
                .orElseThrow(() -> new IllegalArgumentException("signer " + share.index() + " has no key for "
                        + type.label() + " in epoch " + epoch));
        P1_Affine point = TicketCurve.g1(blinded, "blinded ticket");
        return TicketCurve.multiply(point, secret).compress();
    }
}
