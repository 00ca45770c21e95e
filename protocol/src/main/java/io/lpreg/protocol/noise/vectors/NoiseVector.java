package io.lpreg.protocol.noise.vectors;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One test vector in the cacophony format: the keys of both sides and the messages they exchange, first
 * the handshake, then transport messages. Absent keys are null, absent PSK lists empty.
 */
public record NoiseVector(
        String protocolName,
        byte[] initPrologue,
        List<byte[]> initPsks,
        byte[] initStatic,
        byte[] initEphemeral,
        byte[] initRemoteStatic,
        byte[] respPrologue,
        List<byte[]> respPsks,
        byte[] respStatic,
        byte[] respEphemeral,
        byte[] respRemoteStatic,
        byte[] handshakeHash,
        List<Message> messages) {

    public NoiseVector {
        requireNonNull(protocolName, "protocolName is null");
        initPrologue = initPrologue == null ? new byte[0] : initPrologue;
        respPrologue = respPrologue == null ? new byte[0] : respPrologue;
        initPsks = initPsks == null ? List.of() : List.copyOf(initPsks);
        respPsks = respPsks == null ? List.of() : List.copyOf(respPsks);
        messages = List.copyOf(requireNonNull(messages, "messages is null"));
    }

    public record Message(byte[] payload, byte[] ciphertext) {
        public Message {
            requireNonNull(payload, "payload is null");
            requireNonNull(ciphertext, "ciphertext is null");
        }
    }
}
