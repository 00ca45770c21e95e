package io.lpreg.protocol.v3.psq;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.v3.Randomness;
import io.lpreg.protocol.v3.crypto.MlKem768;
import io.lpreg.protocol.v3.crypto.X25519;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * The client's side of PSQ v2 registration mode: msg1 encapsulates to the gateway's ML-KEM key (learnt
 * through KKT) and authenticates the client's static X25519 key by DH; msg2 completes the session.
 */
public final class PsqInitiator {
    private final KeyPair staticKey;
    private final byte[] responderStatic;
    private final byte[] encapsulationKey;
    private final byte[] ephemeralPrivate;
    private final byte[] ephemeralPublic;
    private final byte[] tx1;
    private final byte[] k1;
    private final byte[] msg1;
    private boolean finished;

    private PsqInitiator(KeyPair staticKey, byte[] responderStatic, byte[] encapsulationKey, byte[] ephemeralPrivate,
                         byte[] ephemeralPublic, byte[] tx1, byte[] k1, byte[] msg1) {
        this.staticKey = staticKey;
        this.responderStatic = responderStatic;
        this.encapsulationKey = encapsulationKey;
        this.ephemeralPrivate = ephemeralPrivate;
        this.ephemeralPublic = ephemeralPublic;
        this.tx1 = tx1;
        this.k1 = k1;
        this.msg1 = msg1;
    }

    /** Draws the PSQ ephemeral key, then the 32-byte ML-KEM message, and builds msg1 (1 247 bytes). */
    public static PsqInitiator start(KeyPair staticKey, byte[] responderStatic, byte[] encapsulationKey,
                                     Randomness randomness) throws LpProtocolException {
        requireNonNull(staticKey, "staticKey is null");
        requireNonNull(responderStatic, "responderStatic is null");
        byte[] ephemeralPrivate = randomness.bytes(X25519.KEY_LENGTH);
        byte[] ephemeralPublic = X25519.publicKey(ephemeralPrivate);
        byte[] tx0 = PsqKeySchedule.tx0(responderStatic, ephemeralPublic);
        byte[] k0 = PsqKeySchedule.k0(X25519.agree(ephemeralPrivate, responderStatic), tx0);

        MlKem768.Encapsulation encapsulation = MlKem768.encapsulate(encapsulationKey, randomness.bytes(MlKem768.MESSAGE_LENGTH));
        byte[] pqEncapsulation = PsqKeySchedule.pqEncapsulation(encapsulation.ciphertext());
        byte[] tx1 = PsqKeySchedule.tx1(tx0, staticKey.publicKey(), encapsulationKey, pqEncapsulation);
        byte[] k1 = PsqKeySchedule.k1(k0,
                X25519.agree(staticKey.privateKey(), responderStatic), encapsulation.sharedSecret(), tx1);

        byte[] inner = new AeadKeyNonce(k1).seal(PsqMessages.INITIATOR_INNER_AAD, PsqMessages.EMPTY_PAYLOAD);
        byte[] outerPayload = PsqMessages.registrationPayload(inner, pqEncapsulation, staticKey.publicKey());
        byte[] outer = new AeadKeyNonce(k0).seal(PsqMessages.INITIATOR_OUTER_AAD, outerPayload);
        byte[] msg1 = PsqMessages.handshakeMessage(ephemeralPublic, outer, PsqMessages.INITIATOR_OUTER_AAD);
        if (msg1.length != PsqMessages.MSG1_LENGTH) {
            throw new IllegalStateException("msg1 is " + msg1.length + " bytes");
        }
        return new PsqInitiator(staticKey, responderStatic.clone(), encapsulationKey.clone(), ephemeralPrivate,
                ephemeralPublic, tx1, k1, msg1);
    }

    public byte[] msg1() {
        return msg1.clone();
    }

    /** Reads msg2 (70 bytes); any altered byte or a payload other than Nym's empty one is refused. */
    public PsqSession acceptMsg2(byte[] msg2) throws LpProtocolException {
        if (finished) {
            throw new LpProtocolException(LpError.INVALID_STATE, "msg2 was already accepted");
        }
        if (msg2.length != PsqMessages.MSG2_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "PSQ msg2 must be 70 bytes, got " + msg2.length);
        }
        PsqMessages.Handshake message = PsqMessages.Handshake.decode(msg2);
        byte[] tx2 = PsqKeySchedule.tx2(tx1, message.ephemeral());
        byte[] k2 = PsqKeySchedule.k2(k1, X25519.agree(staticKey.privateKey(), message.ephemeral()),
                X25519.agree(ephemeralPrivate, message.ephemeral()), tx2);
        byte[] payload = new AeadKeyNonce(k2).open(message.aad(), message.sealed());
        PsqMessages.requireEmptyPayload(payload);
        finished = true;
        Arrays.fill(ephemeralPrivate, (byte) 0);
        return PsqSession.derive(k2, tx2, staticKey.publicKey(), responderStatic, encapsulationKey);
    }

    /** The msg1 ephemeral, for logs and tests. */
    public byte[] ephemeralPublic() {
        return ephemeralPublic.clone();
    }
}
