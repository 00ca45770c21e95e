package io.lpreg.protocol.v3.psq;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.v3.crypto.Aead;
import io.lpreg.protocol.v3.crypto.MlKem768;

import java.util.Arrays;

/**
 * The byte layouts of PSQ msg1 and msg2 for Nym's ciphersuite. Both are a libcrux handshake message:
 * {@code ephemeral(32) ‖ VL(ciphertext) ‖ tag(16) ‖ VL(aad) ‖ ciphersuite(1)}. msg1's plaintext is the
 * registration payload: {@code 01 ‖ VL(inner ct) ‖ inner tag ‖ VL(inner aad) ‖ VL(PQ encapsulation) ‖
 * 00 ‖ client static key}; every inner and response payload is Nym's empty one, {@code VL([]) = 00}.
 */
public final class PsqMessages {
    public static final int MSG1_LENGTH = 1247;
    public static final int MSG2_LENGTH = 70;
    /** libcrux's wire id of X25519_MLKEM768_X25519_AESGCM128_HKDFSHA256. */
    public static final int CIPHERSUITE_ML_KEM_768 = 0x04;

    static final byte[] INITIATOR_OUTER_AAD = PsqKeySchedule.ascii("NYM-PQ-AAD-INIT-OUTER-V1");
    static final byte[] INITIATOR_INNER_AAD = PsqKeySchedule.ascii("NYM-PQ-AAD-INIT-INNER-V1");
    static final byte[] RESPONDER_AAD = PsqKeySchedule.ascii("NYM-PQ-AAD-RESP-V1");
    static final byte[] EMPTY_PAYLOAD = {0x00};

    private static final int REGISTRATION = 0x01;
    private static final int DH_AUTHENTICATOR = 0x00;

    private PsqMessages() {
    }

    /** A decoded handshake message; {@link #sealed()} is ciphertext ‖ tag, ready for AES-GCM. */
    record Handshake(byte[] ephemeral, byte[] sealed, byte[] aad) {
        static Handshake decode(byte[] message) throws LpProtocolException {
            Tls.Reader in = new Tls.Reader(message);
            byte[] ephemeral = in.raw(32, "ephemeral key");
            byte[] ciphertext = in.vl("ciphertext");
            byte[] tag = in.raw(Aead.TAG_LENGTH, "tag");
            byte[] aad = in.vl("aad");
            int ciphersuite = in.u8("ciphersuite");
            in.end("handshake message");
            if (ciphersuite != CIPHERSUITE_ML_KEM_768) {
                throw new LpProtocolException(LpError.UNSUPPORTED_VERSION, "PSQ ciphersuite " + ciphersuite);
            }
            return new Handshake(ephemeral, Aead.join(ciphertext, tag), aad);
        }
    }

    /** What the gateway reads from msg1's outer plaintext. */
    record Registration(byte[] innerSealed, byte[] innerAad, byte[] pqEncapsulation, byte[] kemCiphertext,
                        byte[] initiatorStatic) {
        static Registration decode(byte[] payload) throws LpProtocolException {
            Tls.Reader in = new Tls.Reader(payload);
            if (in.u8("outer payload kind") != REGISTRATION) {
                throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE, "PSQ query mode is not served");
            }
            byte[] ciphertext = in.vl("inner ciphertext");
            byte[] tag = in.raw(Aead.TAG_LENGTH, "inner tag");
            byte[] aad = in.vl("inner aad");
            byte[] pqEncapsulation = in.vl("PQ encapsulation");
            if (in.u8("authenticator") != DH_AUTHENTICATOR) {
                throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE, "only DH initiator authentication is served");
            }
            byte[] initiatorStatic = in.raw(32, "initiator static key");
            in.end("registration payload");
            return new Registration(Aead.join(ciphertext, tag), aad, pqEncapsulation,
                    kemCiphertext(pqEncapsulation), initiatorStatic);
        }

        // Some(MlKem(ct)) only: a registration without the PQ share would downgrade the session to X25519
        private static byte[] kemCiphertext(byte[] pqEncapsulation) throws LpProtocolException {
            Tls.Reader in = new Tls.Reader(pqEncapsulation);
            if (in.u8("PQ option") != 0x01 || in.u8("PQ ciphertext kind") != 0x00) {
                throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE, "msg1 must carry an ML-KEM-768 ciphertext");
            }
            byte[] ciphertext = in.vl("ML-KEM ciphertext");
            in.end("PQ encapsulation");
            if (ciphertext.length != MlKem768.CIPHERTEXT_LENGTH) {
                throw new LpProtocolException(LpError.BAD_LENGTH, "ML-KEM-768 ciphertext must be 1088 bytes");
            }
            return ciphertext;
        }
    }

    static byte[] registrationPayload(byte[] innerSealed, byte[] pqEncapsulation, byte[] initiatorStatic) {
        int split = innerSealed.length - Aead.TAG_LENGTH;
        return new Tls.Writer(1200).u8(REGISTRATION)
                .vl(Arrays.copyOfRange(innerSealed, 0, split)).raw(Arrays.copyOfRange(innerSealed, split, innerSealed.length))
                .vl(INITIATOR_INNER_AAD).vl(pqEncapsulation).u8(DH_AUTHENTICATOR).raw(initiatorStatic).toByteArray();
    }

    static byte[] handshakeMessage(byte[] ephemeral, byte[] sealed, byte[] aad) {
        int split = sealed.length - Aead.TAG_LENGTH;
        return new Tls.Writer(sealed.length + 64).raw(ephemeral).vl(Arrays.copyOfRange(sealed, 0, split))
                .raw(Arrays.copyOfRange(sealed, split, sealed.length)).vl(aad).u8(CIPHERSUITE_ML_KEM_768).toByteArray();
    }

    static void requireEmptyPayload(byte[] plaintext) throws LpProtocolException {
        if (!Arrays.equals(plaintext, EMPTY_PAYLOAD)) {
            throw new LpProtocolException(LpError.MALFORMED, "PSQ payloads are empty on Nym's wire");
        }
    }
}
