package io.lpreg.protocol.v3.psq;

import io.lpreg.protocol.v3.crypto.HkdfSha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * libcrux-psq v2's registration-mode key schedule for X25519_MLKEM768_X25519_AESGCM128_HKDFSHA256, one
 * function per value. Transcripts are SHA-256 over a step number, the previous transcript as an
 * {@code Option} ({@code 00}, or {@code 01 ‖ tx}) and the step's input; keys are HKDF-SHA256 with an empty
 * salt over TLS-encoded inputs, where an AES key is {@code 01 ‖ key} and an X25519 secret {@code 20 ‖ secret}.
 */
final class PsqKeySchedule {
    static final byte[] SESSION_CONTEXT = ascii("NYM-PQ-SESSION-CONTEXT-V1");
    static final int BINDER_LENGTH = 8;
    static final int SESSION_ID_LENGTH = 32;

    private static final byte AES_128_TAG = 0x01;
    private static final byte DH_SECRET_TAG = 0x20;
    private static final byte SOME = 0x01;
    /** {@code PQCiphertext::MlKem768} and {@code PQEncapsulationKey::MlKem768}. */
    private static final byte ML_KEM_VARIANT = 0x00;
    /** How {@code Some(PQSharedSecret::MlKem768(ss))} comes out in K1's input: {@code 01 01 ‖ ss} (Nym's transcript). */
    private static final byte[] ML_KEM_SECRET_PREFIX = {0x01, 0x01};
    private static final byte DH_AUTHENTICATOR = 0x00;

    private PsqKeySchedule() {
    }

    static byte[] transcript(int step, byte[] previous, byte[] input) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) step);
        if (previous == null) {
            sha256.update((byte) 0);
        } else {
            sha256.update(SOME);
            sha256.update(previous);
        }
        sha256.update(input);
        return sha256.digest();
    }

    static byte[] tx0(byte[] responderStatic, byte[] initiatorEphemeral) {
        return transcript(0, null, new Tls.Writer(96).vl(SESSION_CONTEXT).raw(responderStatic).raw(initiatorEphemeral).toByteArray());
    }

    static byte[] k0(byte[] ephemeralStatic, byte[] tx0) {
        return aesKey(new Tls.Writer(33).u8(DH_SECRET_TAG).raw(ephemeralStatic).toByteArray(), tx0);
    }

    /** {@code Option::Some(PQCiphertext::MlKem(ct))}: what msg1 carries as its PQ encapsulation. */
    static byte[] pqEncapsulation(byte[] ciphertext) {
        return new Tls.Writer(ciphertext.length + 4).u8(SOME).u8(ML_KEM_VARIANT).vl(ciphertext).toByteArray();
    }

    /** {@code Authenticator::Dh(key)}. */
    static byte[] authenticator(byte[] initiatorStatic) {
        return new Tls.Writer(33).u8(DH_AUTHENTICATOR).raw(initiatorStatic).toByteArray();
    }

    /** {@code Option::Some(PQEncapsulationKey::MlKem(ek))}. */
    static byte[] pqKey(byte[] encapsulationKey) {
        return new Tls.Writer(encapsulationKey.length + 4).u8(SOME).u8(ML_KEM_VARIANT).vl(encapsulationKey).toByteArray();
    }

    static byte[] tx1(byte[] tx0, byte[] initiatorStatic, byte[] encapsulationKey, byte[] pqEncapsulation) {
        return transcript(1, tx0, new Tls.Writer(2400).raw(authenticator(initiatorStatic)).raw(pqKey(encapsulationKey))
                .vl(pqEncapsulation).toByteArray());
    }

    static byte[] k1(byte[] k0, byte[] staticStatic, byte[] kemSecret, byte[] tx1) {
        return aesKey(new Tls.Writer(84).u8(AES_128_TAG).raw(k0).u8(DH_SECRET_TAG).raw(staticStatic)
                .raw(ML_KEM_SECRET_PREFIX).raw(kemSecret).toByteArray(), tx1);
    }

    static byte[] tx2(byte[] tx1, byte[] responderEphemeral) {
        return transcript(2, tx1, responderEphemeral);
    }

    /** Registration mode with DH authentication: {@code DH(s_I, e_R)} then {@code DH(e_I, e_R)}. */
    static byte[] k2(byte[] k1, byte[] staticEphemeral, byte[] ephemeralEphemeral, byte[] tx2) {
        return aesKey(new Tls.Writer(83).u8(AES_128_TAG).raw(k1).u8(DH_SECRET_TAG).raw(staticEphemeral)
                .u8(DH_SECRET_TAG).raw(ephemeralEphemeral).toByteArray(), tx2);
    }

    static byte[] sessionKey(byte[] k2, byte[] tx2) {
        return aesKey(tlsKey(k2), new Tls.Writer(44).vl(ascii("session key")).raw(tx2).toByteArray());
    }

    static byte[] sessionId(byte[] sessionKey) {
        return HkdfSha256.derive(ascii("session key salt"), tlsKey(sessionKey), ascii("session key id"), SESSION_ID_LENGTH);
    }

    /** Binds the session to both parties' public keys: {@code Authenticator ‖ R ‖ Option(ek)}. */
    static byte[] pkBinder(byte[] sessionKey, byte[] initiatorStatic, byte[] responderStatic, byte[] encapsulationKey) {
        byte[] info = new Tls.Writer(1300).raw(authenticator(initiatorStatic)).raw(responderStatic)
                .raw(pqKey(encapsulationKey)).toByteArray();
        return HkdfSha256.derive(tlsKey(sessionKey), info, BINDER_LENGTH);
    }

    /** A channel's key in one direction; the info is a byte vector wrapping the serialised struct. */
    static byte[] channelKey(byte[] sessionKey, boolean initiatorToResponder, byte[] pkBinder, long channel) {
        byte[] label = ascii(initiatorToResponder ? "i2r channel key" : "r2i channel key");
        byte[] info = new Tls.Writer(40).vl(label).u8(SOME).vl(pkBinder).raw(bigEndian(channel)).toByteArray();
        return aesKey(tlsKey(sessionKey), Tls.vl(info));
    }

    private static byte[] aesKey(byte[] ikm, byte[] info) {
        return HkdfSha256.derive(ikm, info, AeadKeyNonce.KEY_LENGTH);
    }

    private static byte[] tlsKey(byte[] key) {
        return new Tls.Writer(17).u8(AES_128_TAG).raw(key).toByteArray();
    }

    private static byte[] bigEndian(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        return out;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
