package io.lpreg.protocol.keys;

import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.params.Blake3Parameters;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Noise PSK of docs/wire-v1.md §6.3: BLAKE3 derive_key("nym-lp-psk-v1", X25519(local, remote) ‖ salt).
 */
public final class LpPsk {
    public static final String CONTEXT = "nym-lp-psk-v1";
    public static final int SIZE = 32;
    private static final byte[] CONTEXT_BYTES = CONTEXT.getBytes(StandardCharsets.UTF_8);

    private LpPsk() {
    }

    public static byte[] derive(byte[] localPrivate, byte[] remotePublic, byte[] salt) {
        byte[] shared = LpKeys.x25519(localPrivate, remotePublic);
        try {
            return deriveFromShared(shared, salt);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    public static byte[] deriveFromShared(byte[] shared, byte[] salt) {
        Blake3Digest blake3 = new Blake3Digest(SIZE * 8);
        blake3.init(Blake3Parameters.context(CONTEXT_BYTES));
        blake3.update(shared, 0, shared.length);
        blake3.update(salt, 0, salt.length);
        byte[] psk = new byte[SIZE];
        blake3.doFinal(psk, 0);
        return psk;
    }
}
