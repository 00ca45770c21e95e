package io.lpreg.protocol.v3.crypto;

import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.params.Blake3Parameters;

import java.nio.charset.StandardCharsets;

/** BLAKE3 the two ways wire v3 uses it: the plain hash read as an XOF, and {@code derive_key} mode. */
public final class Blake3 {
    public static final int KEY_LENGTH = 32;

    private Blake3() {
    }

    /** {@code length} bytes of the extendable output over the concatenated parts. */
    public static byte[] xof(int length, byte[]... parts) {
        Blake3Digest digest = new Blake3Digest(KEY_LENGTH * 8);
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[length];
        digest.doFinal(out, 0, length);
        return out;
    }

    /** {@code Hasher::new_derive_key(context)} fed the concatenated parts, 32 bytes out. */
    public static byte[] deriveKey(String context, byte[]... parts) {
        Blake3Digest digest = new Blake3Digest(KEY_LENGTH * 8);
        digest.init(Blake3Parameters.context(context.getBytes(StandardCharsets.UTF_8)));
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[KEY_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }
}
