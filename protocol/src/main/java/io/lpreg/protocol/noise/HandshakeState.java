package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.crypto.X25519Backend;
import io.lpreg.protocol.crypto.X25519Backends;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The HandshakeState of Noise rev 34 §5.3, with the psk modifier of §9. Any failure while reading a
 * message, or while writing one after its first token, leaves the handshake failed: it refuses every
 * further call, as §5.3 requires a handshake to be aborted on error. Not thread-safe.
 */
public final class HandshakeState {
    private static final int DH_LENGTH = KeyPair.KEY_LENGTH;

    private final NoiseProtocol protocol;
    private final boolean initiator;
    private final SymmetricState symmetric;
    private final boolean pskMode;
    private final byte[] localStaticPrivate;
    private final byte[] localStaticPublic;
    private final List<PskSource> psks;
    private final EphemeralKeySource ephemerals;
    private final X25519Backend x25519 = X25519Backends.active();
    private byte[] localEphemeralPrivate;
    private byte[] localEphemeralPublic;
    private byte[] remoteStatic;
    private byte[] remoteEphemeral;
    private int nextPsk;
    private int messageIndex;
    private boolean failed;
    private boolean split;

    private HandshakeState(Builder builder) {
        this.protocol = builder.protocol;
        this.initiator = builder.initiator;
        this.symmetric = new SymmetricState(protocol);
        HandshakePattern pattern = protocol.pattern();
        this.pskMode = pattern.pskCount() > 0;
        this.localStaticPrivate = builder.localStatic == null ? null : builder.localStatic.privateKey();
        this.localStaticPublic = builder.localStatic == null ? null : builder.localStatic.publicKey();
        this.remoteStatic = builder.remoteStatic;
        this.psks = List.copyOf(builder.psks);
        this.ephemerals = builder.ephemerals != null ? builder.ephemerals : DefaultRandom.SOURCE;

        symmetric.mixHash(builder.prologue);
        // §7.1: the initiator's pre-message keys are hashed first; our tables only pre-share static keys.
        if (pattern.initiatorPreMessage().contains(Token.S)) {
            symmetric.mixHash(initiator ? localStaticPublic : remoteStatic);
        }
        if (pattern.responderPreMessage().contains(Token.S)) {
            symmetric.mixHash(initiator ? remoteStatic : localStaticPublic);
        }
    }

    public static Builder builder(NoiseProtocol protocol, boolean initiator) {
        return new Builder(protocol, initiator);
    }

    public NoiseProtocol protocol() {
        return protocol;
    }

    public boolean isInitiator() {
        return initiator;
    }

    public boolean isComplete() {
        return messageIndex == protocol.pattern().messages().size();
    }

    public boolean isMyTurnToWrite() {
        return !failed && !isComplete() && (messageIndex % 2 == 0) == initiator;
    }

    /** h, which after the last message is the handshake hash of Noise rev 34 §11.2. */
    public byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    /** The peer's static public key, or null if not (yet) known. */
    public byte[] remoteStatic() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    public byte[] writeMessage(byte[] payload) throws LpProtocolException {
        requireNonNull(payload, "payload is null");
        checkUsable();
        if (!isMyTurnToWrite()) {
            throw new LpProtocolException(LpError.INVALID_STATE, "not this side's turn to write");
        }
        int overhead = protocol.messageOverhead(messageIndex);
        if (payload.length > CipherState.MAX_MESSAGE_LENGTH - overhead) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "payload of " + payload.length + " bytes");
        }
        byte[] message = new byte[overhead + payload.length];
        int offset = 0;
        try {
            for (Token token : protocol.pattern().messages().get(messageIndex)) {
                switch (token) {
                    case E -> {
                        KeyPair pair = ephemerals.next();
                        localEphemeralPrivate = pair.privateKey();
                        localEphemeralPublic = pair.publicKey();
                        offset = put(message, offset, localEphemeralPublic);
                        symmetric.mixHash(localEphemeralPublic);
                        if (pskMode) {
                            symmetric.mixKey(localEphemeralPublic);
                        }
                    }
                    case S -> offset = put(message, offset, symmetric.encryptAndHash(localStaticPublic));
                    case PSK -> symmetric.mixKeyAndHash(nextPsk());
                    default -> symmetric.mixKey(dh(token));
                }
            }
            offset = put(message, offset, symmetric.encryptAndHash(payload));
            if (offset != message.length) {
                throw new IllegalStateException("message overhead miscounted for " + protocol.name());
            }
        } catch (LpProtocolException | RuntimeException e) {
            failed = true;
            throw e;
        }
        messageIndex++;
        return message;
    }

    /** Reads the peer's next handshake message and returns its payload. */
    public byte[] readMessage(byte[] message) throws LpProtocolException {
        requireNonNull(message, "message is null");
        checkUsable();
        if (isComplete() || isMyTurnToWrite()) {
            throw new LpProtocolException(LpError.INVALID_STATE, "not this side's turn to read");
        }
        try {
            if (message.length > CipherState.MAX_MESSAGE_LENGTH) {
                throw new LpProtocolException(LpError.BAD_LENGTH, "message of " + message.length + " bytes");
            }
            if (message.length < protocol.messageOverhead(messageIndex)) {
                throw new LpProtocolException(LpError.BAD_LENGTH, "message of " + message.length + " bytes, "
                        + protocol.messageOverhead(messageIndex) + " at least");
            }
            int offset = 0;
            for (Token token : protocol.pattern().messages().get(messageIndex)) {
                switch (token) {
                    case E -> {
                        remoteEphemeral = Arrays.copyOfRange(message, offset, offset + DH_LENGTH);
                        offset += DH_LENGTH;
                        symmetric.mixHash(remoteEphemeral);
                        if (pskMode) {
                            symmetric.mixKey(remoteEphemeral);
                        }
                    }
                    case S -> {
                        int length = DH_LENGTH + (symmetric.hasKey() ? CipherState.TAG_LENGTH : 0);
                        remoteStatic = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, offset + length));
                        offset += length;
                    }
                    case PSK -> symmetric.mixKeyAndHash(nextPsk());
                    default -> symmetric.mixKey(dh(token));
                }
            }
            byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
            messageIndex++;
            return payload;
        } catch (LpProtocolException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Split of Noise rev 34 §5.2; allowed once, after the last handshake message. */
    public TransportState split() throws LpProtocolException {
        checkUsable();
        if (!isComplete()) {
            throw new LpProtocolException(LpError.INVALID_STATE, "handshake is not complete");
        }
        if (split) {
            throw new LpProtocolException(LpError.INVALID_STATE, "handshake was already split");
        }
        split = true;
        CipherState[] pair = symmetric.split();
        if (protocol.pattern().isOneWay()) {
            CipherState unused = CipherState.unused("one-way pattern: the responder never sends");
            return initiator ? new TransportState(pair[0], unused) : new TransportState(unused, pair[0]);
        }
        return initiator ? new TransportState(pair[0], pair[1]) : new TransportState(pair[1], pair[0]);
    }

    private byte[] dh(Token token) throws LpProtocolException {
        // §7.1: "es" is DH(e, rs) for the initiator and DH(s, re) for the responder, and so on.
        return switch (token) {
            case EE -> dh(localEphemeralPrivate, remoteEphemeral);
            case ES -> initiator ? dh(localEphemeralPrivate, remoteStatic) : dh(localStaticPrivate, remoteEphemeral);
            case SE -> initiator ? dh(localStaticPrivate, remoteEphemeral) : dh(localEphemeralPrivate, remoteStatic);
            case SS -> dh(localStaticPrivate, remoteStatic);
            default -> throw new IllegalArgumentException("not a DH token: " + token);
        };
    }

    private byte[] dh(byte[] privateKey, byte[] publicKey) throws LpProtocolException {
        if (privateKey == null || publicKey == null) {
            throw new LpProtocolException(LpError.INVALID_KEY, "DH with a missing key");
        }
        byte[] shared = new byte[DH_LENGTH];
        x25519.scalarMult(privateKey, publicKey, shared);
        return shared;
    }

    private static int put(byte[] message, int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, message, offset, bytes.length);
        return offset + bytes.length;
    }

    private void checkUsable() throws LpProtocolException {
        if (failed) {
            throw new LpProtocolException(LpError.INVALID_STATE, "handshake failed earlier");
        }
    }

    private static final class DefaultRandom {
        static final EphemeralKeySource SOURCE = EphemeralKeySource.random(new SecureRandom());
    }

    /** A PSK for one psk token, asked for when the token is reached. */
    @FunctionalInterface
    public interface PskSource {
        byte[] psk() throws LpProtocolException;
    }

    private record FixedPsk(byte[] psk) implements PskSource {
        @Override
        public byte[] psk() {
            return psk;
        }
    }

    private byte[] nextPsk() throws LpProtocolException {
        byte[] psk = psks.get(nextPsk++).psk();
        checkPskLength(psk);
        return psk;
    }

    // §9.1: a PSK is exactly 32 bytes.
    private static void checkPskLength(byte[] psk) throws LpProtocolException {
        if (psk == null || psk.length != 32) {
            throw new LpProtocolException(LpError.INVALID_KEY, "PSK of " + (psk == null ? 0 : psk.length) + " bytes");
        }
    }

    public static final class Builder {
        private final NoiseProtocol protocol;
        private final boolean initiator;
        private byte[] prologue = new byte[0];
        private KeyPair localStatic;
        private byte[] remoteStatic;
        private final List<PskSource> psks = new ArrayList<>();
        private EphemeralKeySource ephemerals;

        private Builder(NoiseProtocol protocol, boolean initiator) {
            this.protocol = requireNonNull(protocol, "protocol is null");
            this.initiator = initiator;
        }

        public Builder prologue(byte[] prologue) {
            this.prologue = requireNonNull(prologue, "prologue is null").clone();
            return this;
        }

        public Builder localStatic(KeyPair localStatic) {
            this.localStatic = requireNonNull(localStatic, "localStatic is null");
            return this;
        }

        public Builder remoteStatic(byte[] publicKey) {
            this.remoteStatic = requireNonNull(publicKey, "publicKey is null").clone();
            return this;
        }

        /** Replaces the PSKs; they are used in the order the pattern's psk tokens appear. */
        public Builder psks(List<byte[]> psks) {
            this.psks.clear();
            requireNonNull(psks, "psks is null").forEach(this::psk);
            return this;
        }

        /** Appends a PSK for the next psk token. */
        public Builder psk(byte[] psk) {
            byte[] copy = requireNonNull(psk, "psk is null").clone();
            psks.add(new FixedPsk(copy));
            return this;
        }

        /**
         * Appends a PSK for the next psk token that is computed only when that token is reached: an XKpsk3
         * responder needs it at msg 3 alone, so a handshake that never gets there never pays for it.
         */
        public Builder deferredPsk(PskSource psk) {
            psks.add(requireNonNull(psk, "psk is null"));
            return this;
        }

        /** Defaults to fresh keys from one shared {@link SecureRandom}. */
        public Builder ephemerals(EphemeralKeySource ephemerals) {
            this.ephemerals = requireNonNull(ephemerals, "ephemerals is null");
            return this;
        }

        /** Checks that exactly the keys and PSKs the pattern needs were given. */
        public HandshakeState build() throws LpProtocolException {
            HandshakePattern pattern = protocol.pattern();
            String side = initiator ? "initiator" : "responder";
            boolean usesStatic = pattern.usesStatic(initiator);
            if (usesStatic && localStatic == null) {
                throw new LpProtocolException(LpError.INVALID_KEY,
                        pattern.name() + " needs the " + side + "'s static key");
            }
            if (!usesStatic && localStatic != null) {
                throw new LpProtocolException(LpError.INVALID_KEY,
                        pattern.name() + " takes no static key for the " + side);
            }
            boolean needsRemoteStatic = pattern.needsRemoteStaticUpFront(initiator);
            if (needsRemoteStatic && remoteStatic == null) {
                throw new LpProtocolException(LpError.INVALID_KEY,
                        pattern.name() + " needs the peer's static key up front for the " + side);
            }
            if (!needsRemoteStatic && remoteStatic != null) {
                throw new LpProtocolException(LpError.INVALID_KEY,
                        pattern.name() + " takes no pre-shared peer static key for the " + side);
            }
            if (remoteStatic != null && remoteStatic.length != DH_LENGTH) {
                throw new LpProtocolException(LpError.INVALID_KEY,
                        "peer static key of " + remoteStatic.length + " bytes");
            }
            if (psks.size() != pattern.pskCount()) {
                throw new LpProtocolException(LpError.INVALID_KEY,
                        pattern.name() + " needs " + pattern.pskCount() + " PSKs, got " + psks.size());
            }
            for (PskSource psk : psks) {
                if (psk instanceof FixedPsk fixed) {
                    checkPskLength(fixed.psk);
                }
            }
            return new HandshakeState(this);
        }
    }
}
