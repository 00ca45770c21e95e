package io.lpreg.protocol.v3;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.v3.crypto.Blake3;

import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The 20 bytes a client sends inside its KKT request: who it is on the path (hop, exit, node, censorship
 * resistance) and a 16-byte seed. Both sides derive the session's receiver index from the seed once PSQ
 * is done; the gateway uses the config for nothing else.
 */
public record LpPeerConfig(int hopId, boolean exit, boolean nodeInitiator, boolean censorshipResistance,
                           byte[] filler, byte[] seed) {
    public static final int LENGTH = 20;
    public static final int SEED_LENGTH = 16;
    public static final int FILLER_LENGTH = 3;
    public static final int MAX_HOPS = 16;
    static final String RECEIVER_INDEX_CONTEXT = "LP_PEER_CONFIG_RECEIVER_INDEX_DERIVATION_V1";

    public LpPeerConfig {
        requireNonNull(filler, "filler is null");
        requireNonNull(seed, "seed is null");
        if (filler.length != FILLER_LENGTH || seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("filler is 3 bytes, seed 16");
        }
        filler = filler.clone();
        seed = seed.clone();
    }

    /**
     * A client's config for its entry gateway. The seed is drawn before the filler, each byte by itself,
     * as Nym's client does; with a replayed {@link Randomness} the order is what makes the bytes equal.
     */
    public static LpPeerConfig clientToEntry(Randomness randomness) {
        byte[] seed = new byte[SEED_LENGTH];
        byte[] filler = new byte[FILLER_LENGTH];
        drawBytewise(randomness, seed);
        drawBytewise(randomness, filler);
        return new LpPeerConfig(0, false, false, false, filler, seed);
    }

    private static void drawBytewise(Randomness randomness, byte[] out) {
        byte[] one = new byte[1];
        for (int i = 0; i < out.length; i++) {
            randomness.fill(one);
            out[i] = one[0];
        }
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        out[0] = (byte) (hopId | (exit ? 0x10 : 0) | (nodeInitiator ? 0x20 : 0) | (censorshipResistance ? 0x40 : 0));
        System.arraycopy(filler, 0, out, 1, FILLER_LENGTH);
        System.arraycopy(seed, 0, out, 1 + FILLER_LENGTH, SEED_LENGTH);
        return out;
    }

    /** Nym's {@code deserialize}: the length, then the same combination rules its builder enforces. */
    public static LpPeerConfig decode(byte[] in) throws LpProtocolException {
        if (in.length != LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "LP peer config must be 20 bytes, got " + in.length);
        }
        int first = in[0] & 0xff;
        int hopId = first & 0x0f;
        boolean exit = (first & 0x10) != 0;
        boolean node = (first & 0x20) != 0;
        boolean censorship = (first & 0x40) != 0;
        String problem = null;
        if (node && exit) {
            problem = "a node cannot be its own exit";
        } else if (node && hopId != 0) {
            problem = "node-to-node configs have hop 0";
        } else if (!node && exit && hopId == 0) {
            problem = "an exit hop cannot be hop 0";
        } else if (!node && !exit && hopId == MAX_HOPS - 1) {
            problem = "hop 15 must be an exit";
        }
        if (problem != null) {
            throw new LpProtocolException(LpError.MALFORMED, "LP peer config: " + problem);
        }
        return new LpPeerConfig(hopId, exit, node, censorship,
                Arrays.copyOfRange(in, 1, 1 + FILLER_LENGTH), Arrays.copyOfRange(in, 1 + FILLER_LENGTH, LENGTH));
    }

    /**
     * The session's receiver index: the first four bytes, little-endian, of BLAKE3 derive_key over the
     * initiator's PSQ authenticator ({@code 0x00 ‖ X25519 key}), the gateway's KEM key and the seed.
     */
    public int receiverIndex(byte[] initiatorStaticKey, byte[] responderKemKey) {
        byte[] h = Blake3.deriveKey(RECEIVER_INDEX_CONTEXT, new byte[] {0x00}, initiatorStaticKey, responderKemKey, seed);
        return (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16 | (h[3] & 0xff) << 24;
    }

    @Override
    public byte[] filler() {
        return filler.clone();
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LpPeerConfig that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "LpPeerConfig[" + HexFormat.of().formatHex(encode()) + "]";
    }
}
