package io.lpreg.protocol.v3.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** RFC 5869 HKDF over SHA-256, extract then expand; an empty salt is HMAC's all-zero key. */
public final class HkdfSha256 {
    private static final byte[] EMPTY = new byte[0];

    private HkdfSha256() {
    }

    public static byte[] derive(byte[] ikm, byte[] info, int length) {
        return derive(EMPTY, ikm, info, length);
    }

    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }
}
