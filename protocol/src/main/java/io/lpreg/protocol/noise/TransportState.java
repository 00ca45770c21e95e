package io.lpreg.protocol.noise;

import static java.util.Objects.requireNonNull;

/**
 * The two CipherStates of a finished handshake, from one side's point of view: the initiator sends with
 * the first CipherState of Split and the responder with the second (Noise rev 34 §5.2).
 */
public final class TransportState {
    private final CipherState sender;
    private final CipherState receiver;

    TransportState(CipherState sender, CipherState receiver) {
        this.sender = requireNonNull(sender, "sender is null");
        this.receiver = requireNonNull(receiver, "receiver is null");
    }

    public CipherState sender() {
        return sender;
    }

    public CipherState receiver() {
        return receiver;
    }
}
