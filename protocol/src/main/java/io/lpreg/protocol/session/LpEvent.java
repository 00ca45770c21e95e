package io.lpreg.protocol.session;

import io.lpreg.protocol.wire.ClientHello;

import static java.util.Objects.requireNonNull;

/** What a received packet meant, beyond the packets to send back. */
public sealed interface LpEvent {
    /** Responder: a well-formed, timely ClientHello; the engine may still refuse it (replay cache). */
    record HelloAccepted(ClientHello hello) implements LpEvent {
        public HelloAccepted {
            requireNonNull(hello, "hello is null");
        }
    }

    /** Either side: a handshake message was processed and the handshake goes on. */
    record HandshakeProgressed() implements LpEvent {
    }

    /** Either side: the handshake finished; transport messages may flow. */
    record HandshakeComplete(byte[] handshakeHash) implements LpEvent {
        public HandshakeComplete {
            handshakeHash = handshakeHash.clone();
        }

        @Override
        public byte[] handshakeHash() {
            return handshakeHash.clone();
        }
    }

    /** Either side: a decrypted transport message. */
    record DataReceived(byte[] plaintext) implements LpEvent {
        public DataReceived {
            plaintext = plaintext.clone();
        }

        @Override
        public byte[] plaintext() {
            return plaintext.clone();
        }
    }

    /** Initiator: the gateway answered {@code Busy} instead of a handshake message. */
    record GatewayBusy() implements LpEvent {
    }
}
