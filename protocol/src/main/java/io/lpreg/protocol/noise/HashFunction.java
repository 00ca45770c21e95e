package io.lpreg.protocol.noise;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HASH, HMAC-HASH and HKDF of Noise rev 34 §4.3, holding one digest and one HMAC for reuse. Not thread-safe. */
final class HashFunction {
    private static final byte[] ONE = {1};
    private static final byte[] TWO = {2};
    private static final byte[] THREE = {3};

    private final Digest digest;
    private final HMac hmac;

    HashFunction(HashAlgorithm algorithm) {
        this.digest = algorithm.newDigest();
        this.hmac = new HMac(algorithm.newDigest());
    }

    /** HASH(first || second). */
    byte[] hash(byte[] first, byte[] second) {
        digest.update(first, 0, first.length);
        digest.update(second, 0, second.length);
        byte[] out = new byte[HashAlgorithm.LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    byte[] hash(byte[] data) {
        digest.update(data, 0, data.length);
        byte[] out = new byte[HashAlgorithm.LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /** HKDF(chainingKey, inputKeyMaterial, outputs.length) for two or three outputs, written into {@code outputs}. */
    void hkdf(byte[] chainingKey, byte[] inputKeyMaterial, byte[]... outputs) {
        byte[] tempKey = new byte[HashAlgorithm.LENGTH];
        hmac.init(new KeyParameter(chainingKey));
        hmac.update(inputKeyMaterial, 0, inputKeyMaterial.length);
        hmac.doFinal(tempKey, 0);

        // HMac.doFinal leaves the MAC keyed with tempKey, ready for the next output.
        hmac.init(new KeyParameter(tempKey));
        hmac.update(ONE, 0, 1);
        hmac.doFinal(outputs[0], 0);
        hmac.update(outputs[0], 0, HashAlgorithm.LENGTH);
        hmac.update(TWO, 0, 1);
        hmac.doFinal(outputs[1], 0);
        if (outputs.length == 3) {
            hmac.update(outputs[1], 0, HashAlgorithm.LENGTH);
            hmac.update(THREE, 0, 1);
            hmac.doFinal(outputs[2], 0);
        }
    }
}
