package io.lpreg.crypto.bench;

import com.goterl.lazysodium.SodiumJava;
import io.lpreg.protocol.crypto.X25519Backend;

import java.util.Arrays;

/** A candidate measured, not shipped: the same bundled libsodium through lazysodium's JNA binding. */
public final class LazysodiumJnaX25519 implements X25519Backend {
    public static final String NAME = "lazysodium-jna";

    private final SodiumJava sodium = new SodiumJava();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return NAME + " (lazysodium-java 5.2.0, bundled libsodium, JNA)";
    }

    @Override
    public void scalarMult(byte[] privateKey, byte[] publicKey, byte[] sharedSecret) {
        if (sodium.crypto_scalarmult(sharedSecret, privateKey, publicKey) != 0) {
            Arrays.fill(sharedSecret, (byte) 0);
        }
    }

    @Override
    public void scalarMultBase(byte[] privateKey, byte[] publicKey) {
        if (sodium.crypto_scalarmult_base(publicKey, privateKey) != 0) {
            throw new IllegalStateException("crypto_scalarmult_base failed");
        }
    }

    public SodiumJava sodium() {
        return sodium;
    }
}
