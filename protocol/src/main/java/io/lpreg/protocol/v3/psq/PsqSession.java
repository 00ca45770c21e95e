package io.lpreg.protocol.v3.psq;

import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * What a finished PSQ handshake leaves: the 32-byte session identifier, the public-key binder, and the
 * two AES-128 keys of transport channel 0 ({@code i2r} carries client→gateway, {@code r2i} the reverse).
 */
public record PsqSession(byte[] sessionId, byte[] pkBinder, byte[] initiatorToResponderKey, byte[] responderToInitiatorKey,
                         byte[] initiatorStaticKey) {
    public PsqSession {
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(pkBinder, "pkBinder is null");
        requireNonNull(initiatorToResponderKey, "initiatorToResponderKey is null");
        requireNonNull(responderToInitiatorKey, "responderToInitiatorKey is null");
        requireNonNull(initiatorStaticKey, "initiatorStaticKey is null");
        sessionId = sessionId.clone();
        pkBinder = pkBinder.clone();
        initiatorToResponderKey = initiatorToResponderKey.clone();
        responderToInitiatorKey = responderToInitiatorKey.clone();
        initiatorStaticKey = initiatorStaticKey.clone();
    }

    static PsqSession derive(byte[] k2, byte[] tx2, byte[] initiatorStatic, byte[] responderStatic, byte[] encapsulationKey) {
        byte[] sessionKey = PsqKeySchedule.sessionKey(k2, tx2);
        byte[] binder = PsqKeySchedule.pkBinder(sessionKey, initiatorStatic, responderStatic, encapsulationKey);
        return new PsqSession(PsqKeySchedule.sessionId(sessionKey), binder,
                PsqKeySchedule.channelKey(sessionKey, true, binder, 0),
                PsqKeySchedule.channelKey(sessionKey, false, binder, 0), initiatorStatic);
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] pkBinder() {
        return pkBinder.clone();
    }

    @Override
    public byte[] initiatorToResponderKey() {
        return initiatorToResponderKey.clone();
    }

    @Override
    public byte[] responderToInitiatorKey() {
        return responderToInitiatorKey.clone();
    }

    /** The client's static X25519 key as PSQ authenticated it (its {@code Authenticator::Dh}). */
    @Override
    public byte[] initiatorStaticKey() {
        return initiatorStaticKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PsqSession that && java.util.Arrays.equals(sessionId, that.sessionId);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(sessionId);
    }

    /** Shows the session identifier only. */
    @Override
    public String toString() {
        return "PsqSession[" + HexFormat.of().formatHex(sessionId) + "]";
    }
}
