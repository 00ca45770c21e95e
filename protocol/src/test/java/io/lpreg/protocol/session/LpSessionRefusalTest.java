package io.lpreg.protocol.session;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.keys.LpId;
import io.lpreg.protocol.keys.LpPsk;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.HandshakeState;
import io.lpreg.protocol.noise.NoiseProtocol;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.wire.ClientHello;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LpSessionRefusalTest {
    private final SecureRandom random = new SecureRandom();
    private final SessionPair pair = new SessionPair(random, WireVersion.V1);

    @Test
    void aClientWithTheWrongGatewayKeyIsRefusedAtMsg1() throws Exception {
        LpSession client = LpSession.initiator(KeyPair.generate(random), KeyPair.generate(random).publicKey(),
                WireVersion.V1, EphemeralKeySource.random(random));
        List<LpPacket> opening = client.start(SessionPair.NOW, random);
        pair.gateway.receive(opening.get(0).encode(), SessionPair.NOW);
        // lp_id covers the gateway key, so the cheap check catches it first and leaves the session as it was
        assertRefused(() -> pair.gateway.receive(opening.get(1).encode(), SessionPair.NOW), LpError.LP_ID_MISMATCH);
        assertThat(pair.gateway.state()).isEqualTo(LpSession.State.AWAIT_MSG1);
        // and if lp_id is forged to match, Noise refuses msg1 (es with the wrong key)
        LpPacket msg1 = opening.get(1);
        LpPacket forged = new LpPacket(msg1.version(), pair.gateway.lpId(), msg1.counter(), msg1.type(), msg1.content());
        assertRefused(() -> pair.gateway.receive(forged.encode(), SessionPair.NOW), LpError.AEAD_FAILURE);
        assertThat(pair.gateway.state()).isEqualTo(LpSession.State.CLOSED);
    }

    @Test
    void aWrongPskFailsAtMsg3() throws Exception {
        List<LpPacket> opening = pair.client.start(SessionPair.NOW, random);
        // The same key with another salt: the gateway derives another PSK; psk3 only bites at msg3.
        ClientHello sent = ClientHello.decode(opening.get(0).content());
        ClientHello altered = new ClientHello(sent.clientPublicKey(), ClientHello.newSalt(SessionPair.NOW.getEpochSecond(), random));
        pair.gateway.receive(new LpPacket(WireVersion.V1, 0, 0, MessageType.CLIENT_HELLO, altered.encode()).encode(), SessionPair.NOW);
        LpPacket msg2 = pair.gateway.receive(opening.get(1).encode(), SessionPair.NOW).packets().get(0);
        LpPacket msg3 = pair.client.receive(msg2.encode(), SessionPair.NOW).packets().get(0);
        assertRefused(() -> pair.gateway.receive(msg3.encode(), SessionPair.NOW), LpError.AEAD_FAILURE);
    }

    @Test
    void staleAndFutureClientHellosAreRefused() throws Exception {
        List<LpPacket> opening = pair.client.start(SessionPair.NOW, random);
        byte[] hello = opening.get(0).encode();
        assertRefused(() -> pair.gateway.receive(hello, SessionPair.NOW.plusSeconds(31)), LpError.STALE_TIMESTAMP);
        assertRefused(() -> pair.gateway.receive(hello, SessionPair.NOW.minusSeconds(31)), LpError.FUTURE_TIMESTAMP);
        assertThat(pair.gateway.state()).isEqualTo(LpSession.State.AWAIT_CLIENT_HELLO);
        pair.gateway.receive(hello, SessionPair.NOW.plusSeconds(30));
        assertThat(pair.gateway.state()).isEqualTo(LpSession.State.AWAIT_MSG1);
    }

    @Test
    void timestampToleranceIsConfigurable() throws Exception {
        LpSession strict = LpSession.responder(pair.gatewayKey, new TimestampWindow(Duration.ofSeconds(2)),
                EphemeralKeySource.random(random));
        byte[] hello = pair.client.start(SessionPair.NOW, random).get(0).encode();
        assertRefused(() -> strict.receive(hello, SessionPair.NOW.plusSeconds(3)), LpError.STALE_TIMESTAMP);
    }

    @Test
    void aReplayedTransportCounterIsRefusedBeforeDecrypting() throws Exception {
        pair.handshake(random);
        byte[] request = pair.client.seal(new byte[] {1, 2, 3}).encode();
        pair.gateway.receive(request, SessionPair.NOW);
        assertRefused(() -> pair.gateway.receive(request, SessionPair.NOW), LpError.REPLAY);
        assertThat(pair.gateway.isTransport()).isTrue();
    }

    @Test
    void aReplayedHandshakeCounterIsRefused() throws Exception {
        List<LpPacket> sent = pair.handshake(random);
        // msg1 again, after the handshake: a data-state session wants EncryptedData.
        assertRefused(() -> pair.gateway.receive(sent.get(1).encode(), SessionPair.NOW), LpError.UNEXPECTED_MESSAGE);
        LpPacket replayed = new LpPacket(WireVersion.V1, pair.client.lpId(), 1, MessageType.ENCRYPTED_DATA, new byte[32]);
        assertRefused(() -> pair.gateway.receive(replayed.encode(), SessionPair.NOW), LpError.REPLAY);
    }

    @Test
    void aFlippedCiphertextBitFailsWithoutAdvancingTheNonce() throws Exception {
        pair.handshake(random);
        LpPacket request = pair.client.seal("register me".getBytes());
        byte[] flipped = request.encode();
        flipped[LpPacket.HEADER_SIZE + LpPacket.TYPE_SIZE + 3] ^= 0x01;
        long nonceBefore = pair.gateway.receivingNonce();
        assertRefused(() -> pair.gateway.receive(flipped, SessionPair.NOW), LpError.AEAD_FAILURE);
        assertThat(pair.gateway.receivingNonce()).isEqualTo(nonceBefore);
        LpEvent event = pair.gateway.receive(request.encode(), SessionPair.NOW).event();
        assertThat(((LpEvent.DataReceived) event).plaintext()).isEqualTo("register me".getBytes());
    }

    @Test
    void aFlippedHandshakeBitClosesTheSession() throws Exception {
        List<LpPacket> opening = pair.client.start(SessionPair.NOW, random);
        pair.gateway.receive(opening.get(0).encode(), SessionPair.NOW);
        byte[] msg1 = opening.get(1).encode();
        msg1[msg1.length - LpPacket.TRAILER_SIZE - 1] ^= 0x40;
        assertRefused(() -> pair.gateway.receive(msg1, SessionPair.NOW), LpError.AEAD_FAILURE);
        assertThat(pair.gateway.state()).isEqualTo(LpSession.State.CLOSED);
        assertRefused(() -> pair.gateway.receive(opening.get(1).encode(), SessionPair.NOW), LpError.INVALID_STATE);
    }

    @Test
    void aTruncatedFrameIsRefused() throws Exception {
        byte[] frame = LpFraming.frame(pair.client.start(SessionPair.NOW, random).get(0).encode());
        assertRefused(() -> LpFraming.unframe(Arrays.copyOf(frame, frame.length - 5)), LpError.BAD_LENGTH);
        // A frame whose packet is cut short inside the header is refused by the packet decoder.
        assertRefused(() -> pair.gateway.receive(Arrays.copyOf(frame, 20), SessionPair.NOW), LpError.BAD_LENGTH);
    }

    @Test
    void aPacketForAnotherSessionIsRefusedAndLeavesTheSessionUsable() throws Exception {
        List<LpPacket> opening = pair.client.start(SessionPair.NOW, random);
        pair.gateway.receive(opening.get(0).encode(), SessionPair.NOW);
        LpPacket msg1 = opening.get(1);
        LpPacket foreign = new LpPacket(msg1.version(), msg1.lpId() + 1, msg1.counter(), msg1.type(), msg1.content());
        assertRefused(() -> pair.gateway.receive(foreign.encode(), SessionPair.NOW), LpError.LP_ID_MISMATCH);
        assertThat(pair.gateway.receive(msg1.encode(), SessionPair.NOW).packets()).hasSize(1);
    }

    @Test
    void anUnexpectedMessageTypeIsRefused() throws Exception {
        List<LpPacket> opening = pair.client.start(SessionPair.NOW, random);
        assertRefused(() -> pair.gateway.receive(opening.get(1).encode(), SessionPair.NOW), LpError.UNEXPECTED_MESSAGE);
    }

    @Test
    void aBusyAnswerEndsTheClientSession() throws Exception {
        pair.client.start(SessionPair.NOW, random);
        LpPacket busy = new LpPacket(WireVersion.V1, 0, 0, MessageType.BUSY, new byte[0]);
        assertThat(pair.client.receive(busy.encode(), SessionPair.NOW).event()).isInstanceOf(LpEvent.GatewayBusy.class);
        assertThat(pair.client.state()).isEqualTo(LpSession.State.CLOSED);
    }

    @Test
    void aMsg3StaticThatDiffersFromTheHelloKeyIsRefused() throws Exception {
        // Someone holding two private keys runs the hello (and PSK) with key A but Noise with static B.
        KeyPair helloKey = KeyPair.generate(random);
        KeyPair noiseKey = KeyPair.generate(random);
        byte[] salt = ClientHello.newSalt(SessionPair.NOW.getEpochSecond(), random);
        byte[] psk = LpPsk.derive(helloKey.privateKey(), pair.gatewayKey.publicKey(), salt);
        HandshakeState noise = HandshakeState.builder(NoiseProtocol.parse(LpSession.NOISE_PROTOCOL_NAME), true)
                .localStatic(noiseKey)
                .remoteStatic(pair.gatewayKey.publicKey())
                .psks(List.of(psk))
                .build();
        int lpId = LpId.compute(helloKey.publicKey(), pair.gatewayKey.publicKey());
        ClientHello hello = new ClientHello(helloKey.publicKey(), salt);
        pair.gateway.receive(new LpPacket(WireVersion.V1, 0, 0, MessageType.CLIENT_HELLO, hello.encode()).encode(), SessionPair.NOW);
        LpPacket msg1 = new LpPacket(WireVersion.V1, lpId, 0, MessageType.HANDSHAKE, noise.writeMessage(new byte[0]));
        LpPacket msg2 = pair.gateway.receive(msg1.encode(), SessionPair.NOW).packets().get(0);
        noise.readMessage(msg2.content());
        LpPacket msg3 = new LpPacket(WireVersion.V1, lpId, 1, MessageType.HANDSHAKE, noise.writeMessage(new byte[0]));
        assertRefused(() -> pair.gateway.receive(msg3.encode(), SessionPair.NOW), LpError.INVALID_KEY);
        assertThat(pair.gateway.state()).isEqualTo(LpSession.State.CLOSED);
    }

    private static void assertRefused(ThrowableAssert.ThrowingCallable action, LpError expected) {
        assertThatThrownBy(action)
                .isInstanceOf(LpProtocolException.class)
                .extracting(e -> ((LpProtocolException) e).error())
                .isEqualTo(expected);
    }
}
