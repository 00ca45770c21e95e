package io.lpreg.protocol.session;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.keys.LpId;
import io.lpreg.protocol.keys.LpPsk;
import io.lpreg.protocol.noise.CipherState;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.HandshakeState;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.noise.NoiseProtocol;
import io.lpreg.protocol.noise.TransportState;
import io.lpreg.protocol.replay.ReplayWindow;
import io.lpreg.protocol.wire.ClientHello;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One LP session, sans-IO: ClientHello → msg1 → msg2 → msg3 → transport (docs/wire-v1.md §1), the same state
 * machine for the client (initiator) and the gateway (responder). Packets in, packets and events out; the
 * caller owns sockets and the clock.
 *
 * <p>Checks that need no crypto (message type, version, lp_id, replay window) refuse a packet and leave
 * the session as it was. A failed handshake message closes the session, because Noise's state cannot be
 * rewound. A failed transport decrypt leaves the session open with its nonce unchanged.
 */
public final class LpSession {
    public static final String NOISE_PROTOCOL_NAME = "Noise_XKpsk3_25519_ChaChaPoly_SHA256";
    private static final NoiseProtocol NOISE_PROTOCOL = parseProtocol();
    private static final byte[] EMPTY = new byte[0];

    public enum Role { INITIATOR, RESPONDER }

    public enum State { NEW, AWAIT_CLIENT_HELLO, AWAIT_MSG1, AWAIT_MSG2, AWAIT_MSG3, TRANSPORT, CLOSED }

    /** Packets to send (in order) and what the received packet meant. */
    public record Output(List<LpPacket> packets, LpEvent event) {
        public Output {
            packets = List.copyOf(packets);
            requireNonNull(event, "event is null");
        }
    }

    private final Role role;
    private final KeyPair localStatic;
    private final EphemeralKeySource ephemerals;
    private final TimestampWindow timestampWindow;
    private final ReplayWindow replayWindow = new ReplayWindow();

    private State state;
    private WireVersion version;
    private byte[] remoteStatic;
    private ClientHello hello;
    private int lpId;
    private long nextCounter;
    private HandshakeState handshake;
    private DeferredPsk deferredPsk;
    private byte[] handshakeHash;
    private CipherState sender;
    private CipherState receiver;

    private LpSession(Role role, KeyPair localStatic, byte[] remoteStatic, WireVersion version,
                      EphemeralKeySource ephemerals, TimestampWindow timestampWindow, State state) {
        this.role = role;
        this.localStatic = requireNonNull(localStatic, "localStatic is null");
        this.remoteStatic = remoteStatic;
        this.version = version;
        this.ephemerals = requireNonNull(ephemerals, "ephemerals is null");
        this.timestampWindow = requireNonNull(timestampWindow, "timestampWindow is null");
        this.state = state;
    }

    /**
     * A client session.
     *
     * @param clientLpKey the client's LP X25519 key pair: sent in the ClientHello and used as Noise static
     * @param gatewayLpPublicKey the gateway's LP X25519 public key (docs/wire-v1.md §6.1)
     */
    public static LpSession initiator(KeyPair clientLpKey, byte[] gatewayLpPublicKey, WireVersion version,
                                      EphemeralKeySource ephemerals) {
        requireNonNull(gatewayLpPublicKey, "gatewayLpPublicKey is null");
        requireNonNull(version, "version is null");
        if (gatewayLpPublicKey.length != 32) {
            throw new IllegalArgumentException("gateway LP public key must be 32 bytes");
        }
        return new LpSession(Role.INITIATOR, clientLpKey, gatewayLpPublicKey.clone(), version, ephemerals,
                TimestampWindow.defaults(), State.NEW);
    }

    /** A gateway session; the wire version is the one the ClientHello's header names. */
    public static LpSession responder(KeyPair gatewayLpKey, TimestampWindow timestampWindow,
                                      EphemeralKeySource ephemerals) {
        return new LpSession(Role.RESPONDER, gatewayLpKey, null, null, ephemerals, timestampWindow,
                State.AWAIT_CLIENT_HELLO);
    }

    /** Initiator: the ClientHello and Noise msg1 for a salt stamped with {@code now}. */
    public List<LpPacket> start(Instant now, SecureRandom random) throws LpProtocolException {
        return start(ClientHello.newSalt(now.getEpochSecond(), random));
    }

    /** Initiator: the ClientHello and Noise msg1 for the given salt (docs/wire-v1.md §5.1). */
    public List<LpPacket> start(byte[] salt) throws LpProtocolException {
        requireRole(Role.INITIATOR);
        requireState(State.NEW);
        hello = new ClientHello(localStatic.publicKey(), salt);
        // msg 1 (e, es) needs no PSK: its DH is left for precomputePsk() or msg 3.
        deferredPsk = new DeferredPsk(localStatic.privateKey(), remoteStatic, salt);
        lpId = LpId.compute(localStatic.publicKey(), remoteStatic);
        handshake = HandshakeState.builder(NOISE_PROTOCOL, true)
                .localStatic(localStatic)
                .remoteStatic(remoteStatic)
                .deferredPsk(deferredPsk)
                .ephemerals(ephemerals)
                .build();
        LpPacket helloPacket = new LpPacket(version, 0, 0, MessageType.CLIENT_HELLO, hello.encode());
        LpPacket msg1 = packet(MessageType.HANDSHAKE, failClosed(() -> handshake.writeMessage(EMPTY)));
        state = State.AWAIT_MSG2;
        return List.of(helloPacket, msg1);
    }

    /**
     * Derives the PSK (an X25519, docs/wire-v1.md §6.3) now instead of at msg 3, where XKpsk3 uses it: the
     * initiator after sending {@link #start}'s packets, while msg 2 is on its way; the responder after
     * sending msg 2, while msg 3 is. Either overlaps the other side's work instead of lengthening the
     * handshake. Without this call msg 3 derives it; the messages are the same either way. A PSK that
     * cannot be derived closes the session here, as it would at msg 3.
     */
    public void precomputePsk() throws LpProtocolException {
        requireState(role == Role.INITIATOR ? State.AWAIT_MSG2 : State.AWAIT_MSG3);
        failClosed(() -> {
            deferredPsk.psk();
            return EMPTY;
        });
    }

    /** This side's PSK, derived once, on first use: from our static private key and the peer's static key. */
    private static final class DeferredPsk implements HandshakeState.PskSource {
        private final byte[] localPrivateKey;
        private final byte[] remotePublicKey;
        private final byte[] salt;
        private byte[] psk;

        DeferredPsk(byte[] localPrivateKey, byte[] remotePublicKey, byte[] salt) {
            this.localPrivateKey = localPrivateKey;
            this.remotePublicKey = remotePublicKey;
            this.salt = salt;
        }

        @Override
        public byte[] psk() throws LpProtocolException {
            if (psk == null) {
                psk = LpPsk.derive(localPrivateKey, remotePublicKey, salt);
            }
            return psk;
        }
    }

    /** Decodes and processes one packet (the bytes of one frame). */
    public Output receive(byte[] packet, Instant now) throws LpProtocolException {
        return receive(LpPacket.decode(packet), now);
    }

    public Output receive(LpPacket packet, Instant now) throws LpProtocolException {
        requireNonNull(packet, "packet is null");
        requireNonNull(now, "now is null");
        return switch (state) {
            case AWAIT_CLIENT_HELLO -> onClientHello(packet, now);
            case AWAIT_MSG1 -> onMsg1(packet);
            case AWAIT_MSG2 -> onMsg2(packet);
            case AWAIT_MSG3 -> onMsg3(packet);
            case TRANSPORT -> onData(packet);
            case NEW, CLOSED -> throw new LpProtocolException(LpError.INVALID_STATE,
                    "session cannot receive in state " + state);
        };
    }

    /** Encrypts one transport message into an EncryptedData packet. */
    public LpPacket seal(byte[] plaintext) throws LpProtocolException {
        requireNonNull(plaintext, "plaintext is null");
        requireState(State.TRANSPORT);
        if (plaintext.length + 16 > LpPacket.MAX_CONTENT) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "plaintext of " + plaintext.length + " bytes does not fit one packet");
        }
        return packet(MessageType.ENCRYPTED_DATA, sender.encryptWithAd(EMPTY, plaintext));
    }

    private Output onClientHello(LpPacket packet, Instant now) throws LpProtocolException {
        requireType(packet, MessageType.CLIENT_HELLO);
        ClientHello received = ClientHello.decode(packet.content());
        timestampWindow.check(received.timestamp(), now.getEpochSecond(), "ClientHello");
        byte[] clientKey = received.clientPublicKey();
        byte[] salt = received.salt();
        // XKpsk3's psk token comes last (msg 3): its DH waits until then, or until precomputePsk() after msg 2,
        // so a bogus hello + msg1 costs one DH.
        deferredPsk = new DeferredPsk(localStatic.privateKey(), clientKey, salt);
        HandshakeState responder = HandshakeState.builder(NOISE_PROTOCOL, false)
                .localStatic(localStatic)
                .deferredPsk(deferredPsk)
                .ephemerals(ephemerals)
                .build();
        version = packet.version();
        hello = received;
        remoteStatic = clientKey;
        lpId = LpId.compute(localStatic.publicKey(), clientKey);
        handshake = responder;
        state = State.AWAIT_MSG1;
        return new Output(List.of(), new LpEvent.HelloAccepted(received));
    }

    private Output onMsg1(LpPacket packet) throws LpProtocolException {
        checkSessionPacket(packet, MessageType.HANDSHAKE);
        failClosed(() -> handshake.readMessage(packet.content()));
        replayWindow.markReceived(packet.counter());
        LpPacket msg2 = packet(MessageType.HANDSHAKE, failClosed(() -> handshake.writeMessage(EMPTY)));
        state = State.AWAIT_MSG3;
        return new Output(List.of(msg2), new LpEvent.HandshakeProgressed());
    }

    private Output onMsg2(LpPacket packet) throws LpProtocolException {
        if (packet.type() == MessageType.BUSY) {
            state = State.CLOSED;
            return new Output(List.of(), new LpEvent.GatewayBusy());
        }
        checkSessionPacket(packet, MessageType.HANDSHAKE);
        failClosed(() -> handshake.readMessage(packet.content()));
        replayWindow.markReceived(packet.counter());
        LpPacket msg3 = packet(MessageType.HANDSHAKE, failClosed(() -> handshake.writeMessage(EMPTY)));
        completeHandshake();
        return new Output(List.of(msg3), new LpEvent.HandshakeComplete(handshakeHash));
    }

    private Output onMsg3(LpPacket packet) throws LpProtocolException {
        checkSessionPacket(packet, MessageType.HANDSHAKE);
        failClosed(() -> handshake.readMessage(packet.content()));
        // E2 does not compare msg3's static with the ClientHello key (the PSK binds them); we do, since a
        // stock client always sends the same key in both.
        if (!MessageDigest.isEqual(handshake.remoteStatic(), remoteStatic)) {
            state = State.CLOSED;
            throw new LpProtocolException(LpError.INVALID_KEY, "msg3 static key differs from the ClientHello key");
        }
        replayWindow.markReceived(packet.counter());
        completeHandshake();
        return new Output(List.of(), new LpEvent.HandshakeComplete(handshakeHash));
    }

    private Output onData(LpPacket packet) throws LpProtocolException {
        checkSessionPacket(packet, MessageType.ENCRYPTED_DATA);
        byte[] plaintext = receiver.decryptWithAd(EMPTY, packet.content());
        replayWindow.markReceived(packet.counter());
        return new Output(List.of(), new LpEvent.DataReceived(plaintext));
    }

    private void completeHandshake() throws LpProtocolException {
        handshakeHash = handshake.handshakeHash();
        TransportState transport = handshake.split();
        sender = transport.sender();
        receiver = transport.receiver();
        handshake = null;
        deferredPsk = null;
        state = State.TRANSPORT;
    }

    private void checkSessionPacket(LpPacket packet, MessageType expected) throws LpProtocolException {
        requireType(packet, expected);
        if (packet.version() != version) {
            throw new LpProtocolException(LpError.UNSUPPORTED_VERSION,
                    "packet version " + packet.version() + " in a " + version + " session");
        }
        if (packet.lpId() != lpId) {
            throw new LpProtocolException(LpError.LP_ID_MISMATCH, "session id "
                    + Integer.toUnsignedString(packet.lpId(), 16) + " is not this session's lp_id "
                    + Integer.toUnsignedString(lpId, 16));
        }
        replayWindow.check(packet.counter());
    }

    private void requireType(LpPacket packet, MessageType expected) throws LpProtocolException {
        if (packet.type() != expected) {
            throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE,
                    "expected " + expected + " in state " + state + ", got " + packet.type());
        }
    }

    private LpPacket packet(MessageType type, byte[] content) {
        return new LpPacket(version, lpId, nextCounter++, type, content);
    }

    private interface NoiseStep {
        byte[] run() throws LpProtocolException;
    }

    private byte[] failClosed(NoiseStep step) throws LpProtocolException {
        try {
            return step.run();
        } catch (LpProtocolException | RuntimeException e) {
            state = State.CLOSED;
            handshake = null;
            deferredPsk = null;
            throw e;
        }
    }

    private void requireRole(Role expected) throws LpProtocolException {
        if (role != expected) {
            throw new LpProtocolException(LpError.INVALID_STATE, "only the " + expected + " may do this");
        }
    }

    private void requireState(State expected) throws LpProtocolException {
        if (state != expected) {
            throw new LpProtocolException(LpError.INVALID_STATE, "session is " + state + ", not " + expected);
        }
    }

    /** Closes the session; every later call is refused. */
    public void close() {
        state = State.CLOSED;
        handshake = null;
        deferredPsk = null;
        sender = null;
        receiver = null;
    }

    public Role role() {
        return role;
    }

    public State state() {
        return state;
    }

    public boolean isTransport() {
        return state == State.TRANSPORT;
    }

    /** The wire version: fixed for an initiator, the ClientHello's for a responder (null before it). */
    public WireVersion version() {
        return version;
    }

    public int lpId() {
        return lpId;
    }

    /** The ClientHello sent (initiator) or accepted (responder); null before. */
    public ClientHello clientHello() {
        return hello;
    }

    /** The Noise handshake hash; channel binding for credentials (docs/ecash.md §2.3). Null before completion. */
    public byte[] handshakeHash() {
        return handshakeHash == null ? null : handshakeHash.clone();
    }

    /** The peer's LP static key: the gateway's (initiator) or the client's (responder, from the hello). */
    public byte[] remoteStatic() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    byte[] sendingKey() {
        return sender.key();
    }

    byte[] receivingKey() {
        return receiver.key();
    }

    long receivingNonce() {
        return receiver.nonce();
    }

    private static NoiseProtocol parseProtocol() {
        try {
            return NoiseProtocol.parse(NOISE_PROTOCOL_NAME);
        } catch (LpProtocolException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
