package io.lpreg.protocol.noise.vectors;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.CipherState;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.HandshakePattern;
import io.lpreg.protocol.noise.HandshakeState;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.noise.NoiseProtocol;
import io.lpreg.protocol.noise.TransportState;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs a {@link NoiseVector} through an initiator and a responder, as cacophony does: the sides take turns
 * writing, starting with the initiator, through the handshake and on into transport messages (which in a
 * one-way pattern only the initiator sends). Every ciphertext written must equal the vector's, every
 * ciphertext read must decrypt to the vector's payload, and both sides must reach its handshake hash.
 */
public final class NoiseVectorRunner {
    private static final byte[] NO_AD = new byte[0];
    private static final HexFormat HEX = HexFormat.of();

    private NoiseVectorRunner() {}

    public static VectorResult run(NoiseVector vector) {
        NoiseProtocol protocol;
        try {
            protocol = NoiseProtocol.parse(vector.protocolName());
        } catch (LpProtocolException e) {
            return NoiseProtocol.unsupportedPrimitive(vector.protocolName())
                    .<VectorResult>map(primitive -> new VectorResult.Skipped("unsupported primitive " + primitive))
                    .orElseGet(() -> new VectorResult.Failed(e.getMessage()));
        }
        int index = 0;
        try {
            HandshakeState initiator = side(protocol, true, vector.initPrologue(), vector.initPsks(),
                    vector.initStatic(), vector.initEphemeral(), vector.initRemoteStatic());
            HandshakeState responder = side(protocol, false, vector.respPrologue(), vector.respPsks(),
                    vector.respStatic(), vector.respEphemeral(), vector.respRemoteStatic());
            List<NoiseVector.Message> messages = vector.messages();
            for (; index < messages.size() && !initiator.isComplete(); index++) {
                boolean initiatorWrites = index % 2 == 0;
                HandshakeState writer = initiatorWrites ? initiator : responder;
                HandshakeState reader = initiatorWrites ? responder : initiator;
                NoiseVector.Message message = messages.get(index);
                byte[] written = writer.writeMessage(message.payload());
                if (!Arrays.equals(written, message.ciphertext())) {
                    return mismatch(index, "handshake ciphertext", message.ciphertext(), written);
                }
                byte[] read = reader.readMessage(message.ciphertext());
                if (!Arrays.equals(read, message.payload())) {
                    return mismatch(index, "handshake payload", message.payload(), read);
                }
            }
            if (!initiator.isComplete() || !responder.isComplete()) {
                return new VectorResult.Failed("the vector ends before the handshake does");
            }
            if (vector.handshakeHash() != null) {
                if (!Arrays.equals(initiator.handshakeHash(), vector.handshakeHash())) {
                    return mismatch(index, "initiator handshake hash", vector.handshakeHash(), initiator.handshakeHash());
                }
                if (!Arrays.equals(responder.handshakeHash(), vector.handshakeHash())) {
                    return mismatch(index, "responder handshake hash", vector.handshakeHash(), responder.handshakeHash());
                }
            }
            TransportState initiatorTransport = initiator.split();
            TransportState responderTransport = responder.split();
            boolean oneWay = protocol.pattern().isOneWay();
            for (; index < messages.size(); index++) {
                boolean initiatorSends = oneWay || index % 2 == 0;
                CipherState sender = (initiatorSends ? initiatorTransport : responderTransport).sender();
                CipherState receiver = (initiatorSends ? responderTransport : initiatorTransport).receiver();
                NoiseVector.Message message = messages.get(index);
                byte[] written = sender.encryptWithAd(NO_AD, message.payload());
                if (!Arrays.equals(written, message.ciphertext())) {
                    return mismatch(index, "transport ciphertext", message.ciphertext(), written);
                }
                byte[] read = receiver.decryptWithAd(NO_AD, message.ciphertext());
                if (!Arrays.equals(read, message.payload())) {
                    return mismatch(index, "transport payload", message.payload(), read);
                }
            }
            return new VectorResult.Passed();
        } catch (LpProtocolException | RuntimeException e) {
            return new VectorResult.Failed("message " + index + ": " + e);
        }
    }

    private static HandshakeState side(NoiseProtocol protocol, boolean initiator, byte[] prologue, List<byte[]> psks,
            byte[] localStatic, byte[] ephemeral, byte[] remoteStatic) throws LpProtocolException {
        HandshakePattern pattern = protocol.pattern();
        HandshakeState.Builder builder = HandshakeState.builder(protocol, initiator)
                .prologue(prologue)
                .ephemerals(ephemeral == null ? EphemeralKeySource.fixed() : EphemeralKeySource.fixed(KeyPair.fromPrivate(ephemeral)));
        // Vectors may carry keys a pattern does not use; pass only what this side's role needs.
        if (localStatic != null && pattern.usesStatic(initiator)) {
            builder.localStatic(KeyPair.fromPrivate(localStatic));
        }
        if (remoteStatic != null && pattern.needsRemoteStaticUpFront(initiator)) {
            builder.remoteStatic(remoteStatic);
        }
        if (pattern.pskCount() > 0) {
            builder.psks(psks);
        }
        return builder.build();
    }

    private static VectorResult mismatch(int index, String what, byte[] expected, byte[] actual) {
        return new VectorResult.Failed("message " + index + ": " + what + " differs: expected "
                + HEX.formatHex(expected) + ", got " + HEX.formatHex(actual));
    }
}
