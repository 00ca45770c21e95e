package io.lpreg.protocol.v3.psq;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.v3.Randomness;
import io.lpreg.protocol.v3.crypto.MlKem768;
import io.lpreg.protocol.v3.crypto.X25519;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's side of PSQ v2 registration mode. {@link #acceptMsg1} costs two X25519 and one ML-KEM
 * decapsulation and refuses anything that does not open; {@link Accepted#reply} draws the gateway's
 * ephemeral key and writes msg2 (70 bytes). A fresh responder per connection, as Nym builds one.
 */
public final class PsqResponder {
    private final KeyPair staticKey;
    private final MlKem768.KeyPair kemKey;

    public PsqResponder(KeyPair staticKey, MlKem768.KeyPair kemKey) {
        this.staticKey = requireNonNull(staticKey, "staticKey is null");
        this.kemKey = requireNonNull(kemKey, "kemKey is null");
    }

    public Accepted acceptMsg1(byte[] msg1) throws LpProtocolException {
        requireNonNull(msg1, "msg1 is null");
        if (msg1.length != PsqMessages.MSG1_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "PSQ msg1 must be 1247 bytes, got " + msg1.length);
        }
        PsqMessages.Handshake message = PsqMessages.Handshake.decode(msg1);
        byte[] ownStatic = staticKey.publicKey();
        byte[] tx0 = PsqKeySchedule.tx0(ownStatic, message.ephemeral());
        byte[] k0 = PsqKeySchedule.k0(X25519.agree(staticKey.privateKey(), message.ephemeral()), tx0);
        PsqMessages.Registration registration = PsqMessages.Registration.decode(new AeadKeyNonce(k0).open(message.aad(), message.sealed()));

        byte[] encapsulationKey = kemKey.encapsulationKey();
        byte[] tx1 = PsqKeySchedule.tx1(tx0, registration.initiatorStatic(), encapsulationKey, registration.pqEncapsulation());
        byte[] kemSecret = kemKey.decapsulate(registration.kemCiphertext());
        byte[] k1 = PsqKeySchedule.k1(k0, X25519.agree(staticKey.privateKey(), registration.initiatorStatic()), kemSecret, tx1);
        PsqMessages.requireEmptyPayload(new AeadKeyNonce(k1).open(registration.innerAad(), registration.innerSealed()));
        return new Accepted(message.ephemeral(), registration.initiatorStatic(), tx1, k1, ownStatic, encapsulationKey);
    }

    /** A msg1 that opened: the client's authenticated static key, and the state msg2 needs. */
    public static final class Accepted {
        private final byte[] initiatorEphemeral;
        private final byte[] initiatorStatic;
        private final byte[] tx1;
        private final byte[] k1;
        private final byte[] responderStatic;
        private final byte[] encapsulationKey;
        private boolean replied;

        private Accepted(byte[] initiatorEphemeral, byte[] initiatorStatic, byte[] tx1, byte[] k1,
                         byte[] responderStatic, byte[] encapsulationKey) {
            this.initiatorEphemeral = initiatorEphemeral;
            this.initiatorStatic = initiatorStatic;
            this.tx1 = tx1;
            this.k1 = k1;
            this.responderStatic = responderStatic;
            this.encapsulationKey = encapsulationKey;
        }

        /** The client's static X25519 key; Nym checks it against nothing, it only feeds the receiver index. */
        public byte[] initiatorStaticKey() {
            return initiatorStatic.clone();
        }

        /** Draws the gateway's PSQ ephemeral (32 bytes) and writes msg2. */
        public Reply reply(Randomness randomness) throws LpProtocolException {
            if (replied) {
                throw new LpProtocolException(LpError.INVALID_STATE, "msg2 was already written");
            }
            replied = true;
            byte[] ephemeralPrivate = randomness.bytes(X25519.KEY_LENGTH);
            byte[] ephemeralPublic = X25519.publicKey(ephemeralPrivate);
            byte[] tx2 = PsqKeySchedule.tx2(tx1, ephemeralPublic);
            byte[] k2 = PsqKeySchedule.k2(k1, X25519.agree(ephemeralPrivate, initiatorStatic),
                    X25519.agree(ephemeralPrivate, initiatorEphemeral), tx2);
            byte[] sealed = new AeadKeyNonce(k2).seal(PsqMessages.RESPONDER_AAD, PsqMessages.EMPTY_PAYLOAD);
            byte[] msg2 = PsqMessages.handshakeMessage(ephemeralPublic, sealed, PsqMessages.RESPONDER_AAD);
            java.util.Arrays.fill(ephemeralPrivate, (byte) 0);
            return new Reply(msg2, PsqSession.derive(k2, tx2, initiatorStatic, responderStatic, encapsulationKey));
        }
    }

    public record Reply(byte[] msg2, PsqSession session) {
        @Override
        public byte[] msg2() {
            return msg2.clone();
        }
    }
}
