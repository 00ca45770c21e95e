package io.lpreg.protocol.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

/** The portable X25519: BouncyCastle's pure-Java ladder. Always available; the fallback. */
public final class BouncyCastleX25519 implements X25519Backend {
    public static final String NAME = "bouncycastle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return NAME + " (pure Java)";
    }

    @Override
    public void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret) {
        X25519.scalarMult(privateKey, 0, publicKey, 0, sharedSecret, 0);
    }

    @Override
    public void scalarMultBase(byte[] privateKey, byte[] publicKey) {
        X25519.scalarMultBase(privateKey, 0, publicKey, 0);
    }
}
