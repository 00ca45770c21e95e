package io.lpreg.protocol.v3.kkt;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.v3.crypto.Aead;
import io.lpreg.protocol.v3.crypto.Blake3;

import java.nio.charset.StandardCharsets;

/**
 * KKT's encryption: ChaCha20-Poly1305 under two BLAKE3-derived keys, one per direction, each with its own
 * counter starting at 1 and sent as {@code 00000000 ‖ LE64(counter)}. A failed open does not use up a
 * counter value.
 */
final class KktCarrier {
    static final byte[] AAD = "kkt-carrier-v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KDF_CONTEXT = "CARRIER_V1_KKT_V1_KDF".getBytes(StandardCharsets.US_ASCII);
    private static final String INITIATOR_TO_RESPONDER = "CARRIER_V1_KDF_TX";
    private static final String RESPONDER_TO_INITIATOR = "CARRIER_V1_KDF_RX";

    private final byte[] sendKey;
    private final byte[] receiveKey;
    private long sendCounter = 1;
    private long receiveCounter = 1;

    private KktCarrier(byte[] sendKey, byte[] receiveKey) {
        this.sendKey = sendKey;
        this.receiveKey = receiveKey;
    }

    /** {@code context = masked_version ‖ "CARRIER_V1_KKT_V1_KDF" ‖ eph_I ‖ R}. */
    static byte[] context(byte[] maskedVersion, byte[] initiatorEphemeral, byte[] responderStatic) {
        byte[] out = new byte[maskedVersion.length + KDF_CONTEXT.length + 64];
        System.arraycopy(maskedVersion, 0, out, 0, maskedVersion.length);
        System.arraycopy(KDF_CONTEXT, 0, out, maskedVersion.length, KDF_CONTEXT.length);
        System.arraycopy(initiatorEphemeral, 0, out, maskedVersion.length + KDF_CONTEXT.length, 32);
        System.arraycopy(responderStatic, 0, out, maskedVersion.length + KDF_CONTEXT.length + 32, 32);
        return out;
    }

    static KktCarrier forInitiator(byte[] sharedSecret, byte[] context) {
        return new KktCarrier(Blake3.deriveKey(INITIATOR_TO_RESPONDER, sharedSecret, context),
                Blake3.deriveKey(RESPONDER_TO_INITIATOR, sharedSecret, context));
    }

    static KktCarrier forResponder(byte[] sharedSecret, byte[] context) {
        return new KktCarrier(Blake3.deriveKey(RESPONDER_TO_INITIATOR, sharedSecret, context),
                Blake3.deriveKey(INITIATOR_TO_RESPONDER, sharedSecret, context));
    }

    byte[] seal(byte[] plaintext) {
        byte[] sealed = Aead.CHACHA20_POLY1305.seal(sendKey, nonce(sendCounter), AAD, plaintext);
        sendCounter++;
        return sealed;
    }

    byte[] open(byte[] sealed) throws LpProtocolException {
        if (sealed.length < Aead.TAG_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "KKT ciphertext shorter than its tag");
        }
        byte[] plaintext = Aead.CHACHA20_POLY1305.open(receiveKey, nonce(receiveCounter), AAD, sealed);
        receiveCounter++;
        return plaintext;
    }

    private static byte[] nonce(long counter) {
        byte[] nonce = new byte[Aead.NONCE_LENGTH];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (8 * i));
        }
        return nonce;
    }
}
