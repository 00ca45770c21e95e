package io.lpreg.zknym;

import supranational.blst.P1;
import supranational.blst.P1_Affine;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The fixed parameters of Nym's compact e-cash (docs/zknym.md §3.3; {@code scheme/setup.rs}, {@code constants.rs}):
 * four attributes, generators hashed once, the two domain constants, 7 days of validity and 50 tickets.
 */
public final class EcashParameters {
    public static final int ATTRIBUTES = 4;
    public static final int VALIDITY_DAYS = 7;
    public static final int TICKETS_PER_BOOK = 50;
    public static final long SECONDS_PER_DAY = 86_400L;
    /** The LE integer of the ASCII string {@code ZKNYMEXPIRATIONDATE4llCBMEypAxr3} ({@code Scalar::from_raw}). */
    public static final BigInteger TYPE_EXP = Bls.leInteger("ZKNYMEXPIRATIONDATE4llCBMEypAxr3".getBytes(StandardCharsets.US_ASCII));
    /** The LE integer of the ASCII string {@code ZKNYMSINDICESh^7gTYbhnap*12n5GG6}. */
    public static final BigInteger TYPE_IDX = Bls.leInteger("ZKNYMSINDICESh^7gTYbhnap*12n5GG6".getBytes(StandardCharsets.US_ASCII));

    private static final P1_Affine[] GAMMAS = new P1_Affine[ATTRIBUTES];
    private static final P1_Affine DELTA = Bls.hashG1("delta").to_affine();
    /** compress(g1) ‖ compress(g2) ‖ compress(gammas): the fixed opening of every spend transcript. */
    private static final byte[] TRANSCRIPT_PREFIX;

    static {
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        prefix.writeBytes(Bls.g1().compress());
        prefix.writeBytes(Bls.g2().compress());
        for (int i = 0; i < ATTRIBUTES; i++) {
            GAMMAS[i] = Bls.hashG1("gamma" + (i + 1)).to_affine();
            prefix.writeBytes(GAMMAS[i].compress());
        }
        TRANSCRIPT_PREFIX = prefix.toByteArray();
    }

    private EcashParameters() {
    }

    /** {@code gammas[i] = hash_g1("gamma{i+1}")}. */
    public static P1 gamma(int i) {
        return GAMMAS[i].to_jacobian();
    }

    /** The code's γ1: {@code gamma_idx(1)}, i.e. {@code gammas[1] = hash_g1("gamma2")} (docs/zknym.md §3.3). */
    public static P1 gamma1() {
        return gamma(1);
    }

    public static P1 delta() {
        return DELTA.to_jacobian();
    }

    static byte[] transcriptPrefix() {
        return TRANSCRIPT_PREFIX.clone();
    }
}
