package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;
import supranational.blst.PT;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The client's side of blind issuance (docs/ecash.md §7.2): pick a serial key, send {@code r·H(m)} to the signers,
 * check each returned share against the signer's key, combine t of them with Lagrange at 0, unblind with
 * r⁻¹ and check the result against the group key. Holds secrets; use once.
 */
public final class TicketRequest {
    private final TicketType type;
    private final EpochWindow window;
    private final byte[] serialSeed;
    private final byte[] serial;
    private final BigInteger blindingFactor;
    private final byte[] blinded;

    private TicketRequest(TicketType type, EpochWindow window, byte[] serialSeed, BigInteger blindingFactor) {
        this.type = type;
        this.window = window;
        this.serialSeed = serialSeed;
        this.serial = Ticket.serialOf(serialSeed);
        this.blindingFactor = blindingFactor;
        this.blinded = TicketCurve.ticketPoint(type, window.epoch(), serial).mult(blindingFactor).compress();
    }

    public static TicketRequest create(TicketType type, EpochWindow window, SecureRandom random) {
        requireNonNull(type, "type is null");
        requireNonNull(window, "window is null");
        requireNonNull(random, "random is null");
        byte[] seed = new byte[Ticket.SEED_SIZE];
        random.nextBytes(seed);
        return new TicketRequest(type, window, seed, TicketCurve.randomScalar(random));
    }

    /** A request with given secrets: for reproducible test vectors only, never for real tickets. */
    public static TicketRequest withSecrets(TicketType type, EpochWindow window, byte[] serialSeed, BigInteger blindingFactor) {
        return new TicketRequest(type, window, serialSeed.clone(), blindingFactor);
    }

    public TicketType type() {
        return type;
    }

    public long epoch() {
        return window.epoch();
    }

    public byte[] serial() {
        return serial.clone();
    }

    /** What the signers see: r·H(m), compressed G1. */
    public byte[] blinded() {
        return blinded.clone();
    }

    /**
     * Checks every share against its signer's key, combines them, unblinds, and checks the signature
     * against the group key: a ticket that any gateway with {@code keys} accepts, or an exception.
     *
     * @param shares the signers' answers by signer index (1-based)
     */
    public Ticket finish(Map<Integer, byte[]> shares, TypeKeys keys) throws IssuanceException {
        requireNonNull(shares, "shares is null");
        requireNonNull(keys, "keys is null");
        P1_Affine blindedPoint;
        try {
            blindedPoint = TicketCurve.g1(blinded, "blinded ticket");
        } catch (InvalidPointException e) {
            throw new IllegalStateException(e);
        }
        Map<Integer, P1_Affine> checked = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> entry : shares.entrySet()) {
            int index = entry.getKey();
            if (index < 1 || index > keys.signerKeys().size()) {
                throw new IssuanceException("there is no signer " + index);
            }
            P1_Affine share;
            P2_Affine signerKey;
            try {
                share = TicketCurve.g1(entry.getValue(), "the share of signer " + index);
                signerKey = TicketCurve.g2(keys.signerKey(index), "the key of signer " + index);
            } catch (InvalidPointException e) {
                throw new IssuanceException(e.getMessage(), e);
            }
            if (!PT.finalverify(new PT(share, P2_Affine.generator()), new PT(blindedPoint, signerKey))) {
                throw new IssuanceException("signer " + index + " returned a share that does not match its key");
            }
            checked.put(index, share);
        }
        byte[] sigma = unblind(combine(checked));
        if (!verifies(sigma, keys)) {
            throw new IssuanceException("the combined signature of signers " + checked.keySet()
                    + " does not verify against the group key (fewer shares than the threshold?)");
        }
        return new Ticket(type, window.epoch(), serialSeed, sigma, window.validUntil(), false);
    }

    /** σ' = Σ λ_i · share_i over the given signers. */
    static P1 combine(Map<Integer, P1_Affine> shares) {
        P1 sum = new P1();
        for (Map.Entry<Integer, P1_Affine> entry : shares.entrySet()) {
            BigInteger lambda = SecretSharing.lagrangeAtZero(entry.getKey(), shares.keySet());
            sum = sum.add(TicketCurve.multiply(entry.getValue(), lambda));
        }
        return sum;
    }

    /** σ = r⁻¹ · σ'. */
    byte[] unblind(P1 combined) {
        return combined.mult(blindingFactor.modInverse(TicketCurve.ORDER)).compress();
    }

    /** The gateway's pairing check on a finished signature. */
    boolean verifies(byte[] sigma, TypeKeys keys) {
        try {
            P1_Affine point = TicketCurve.g1(sigma, "sigma");
            P2_Affine key = TicketCurve.g2(keys.verificationKey(), "verification key");
            return TicketCurve.pairingCheck(point, TicketCurve.ticketPoint(type, window.epoch(), serial).to_affine(), key);
        } catch (InvalidPointException e) {
            return false;
        }
    }
}
