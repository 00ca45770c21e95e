package io.lpreg.protocol.keys;

import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Arrays;

/**
 * The session id both sides compute from the two LP public keys (docs/wire-v1.md §8.1): SipHash-1-3 with a
 * zero key (Rust's {@code DefaultHasher}) over {@code lo ‖ 0xCC ‖ hi}, truncated to the low 32 bits.
 */
public final class LpId {
    public static final byte SEPARATOR = (byte) 0xCC;

    private LpId() {
    }

    public static int compute(byte[] keyA, byte[] keyB) {
        return (int) siphash13(keyA, keyB, SEPARATOR);
    }

    /** SipHash-1-3 (zero key) of the two byte strings in unsigned lexicographic order, separated. */
    public static long siphash13(byte[] a, byte[] b, byte separator) {
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        byte[] lo = aFirst ? a : b;
        byte[] hi = aFirst ? b : a;
        SipHash sipHash = new SipHash(1, 3);
        sipHash.init(new KeyParameter(new byte[16]));
        sipHash.update(lo, 0, lo.length);
        sipHash.update(separator);
        sipHash.update(hi, 0, hi.length);
        return sipHash.doFinal();
    }
}
