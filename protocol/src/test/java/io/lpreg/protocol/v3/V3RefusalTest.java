package io.lpreg.protocol.v3;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.v3.crypto.MlKem768;
import io.lpreg.protocol.v3.transport.LpFrame;
import io.lpreg.protocol.v3.transport.LpTransportSession;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Altered or replayed v3 messages, each refused at the step that must refuse it, on Nym's own transcript. */
class V3RefusalTest {
    private static NymTranscript transcript;

    @BeforeAll
    static void load() {
        transcript = NymTranscript.load();
    }

    private static GatewayHandshake gateway() {
        return new GatewayHandshake(transcript.gatewayStaticKey(), transcript.gatewayKemKey(), transcript.replay("gateway_handshake"));
    }

    private static ClientHandshake client(byte[] kemDigest) throws LpProtocolException {
        return ClientHandshake.start(transcript.clientStaticKey(), transcript.hex("keys", "gateway_x25519_lp_pk"), kemDigest,
                transcript.replay("client_handshake"));
    }

    private static byte[] flipped(byte[] message, int index) {
        byte[] copy = message.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static void refused(LpError error, ThrowableAssert.ThrowingCallable step) {
        assertThatThrownBy(step).isInstanceOfSatisfying(LpProtocolException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void gatewayRefusesAKktRequestWithAnyByteAltered() {
        byte[] request = transcript.message(1);
        // the ephemeral key and the masked version: the trial unmasking fails before any X25519
        refused(LpError.UNSUPPORTED_VERSION, () -> gateway().answerKktRequest(flipped(request, 3)));
        refused(LpError.UNSUPPORTED_VERSION, () -> gateway().answerKktRequest(flipped(request, 40)));
        refused(LpError.AEAD_FAILURE, () -> gateway().answerKktRequest(flipped(request, 60)));
        refused(LpError.AEAD_FAILURE, () -> gateway().answerKktRequest(flipped(request, 90)));
        refused(LpError.BAD_LENGTH, () -> gateway().answerKktRequest(Arrays.copyOf(request, 90)));
    }

    @Test
    void gatewayForAnotherKeyCannotReadTheRequest() {
        GatewayHandshake stranger = new GatewayHandshake(KeyPair.fromPrivate(new byte[32]), transcript.gatewayKemKey(), Randomness.system());
        refused(LpError.UNSUPPORTED_VERSION, () -> stranger.answerKktRequest(transcript.message(1)));
    }

    @Test
    void clientRefusesAnAlteredKktResponse() throws Exception {
        ClientHandshake client = client(transcript.kemDigest());
        client.kktRequest();
        refused(LpError.AEAD_FAILURE, () -> client.acceptKktResponse(flipped(transcript.message(2), 500)));
        // a refused response leaves the carrier where it was: the real one is still accepted
        assertThat(client.acceptKktResponse(transcript.message(2))).isEqualTo(transcript.message(3));
    }

    @Test
    void clientRefusesAKemKeyWhoseDigestIsNotTheDirectorys() throws Exception {
        byte[] otherDigest = flipped(transcript.kemDigest(), 0);
        refused(LpError.INVALID_KEY, () -> client(otherDigest).acceptKktResponse(transcript.message(2)));
    }

    @Test
    void clientRefusesAResponseFromAGatewayWithAnotherKemKey() throws Exception {
        MlKem768.KeyPair otherKem = MlKem768.fromSeed(new byte[64]);
        GatewayHandshake impostor = new GatewayHandshake(transcript.gatewayStaticKey(), otherKem, Randomness.system());
        byte[] response = impostor.answerKktRequest(transcript.message(1));
        refused(LpError.INVALID_KEY, () -> client(transcript.kemDigest()).acceptKktResponse(response));
    }

    @Test
    void gatewayRefusesAnAlteredMsg1AnywhereInIt() throws Exception {
        byte[] msg1 = transcript.message(3);
        for (int index : new int[] {0, 31, 36, 100, 1000, 1210, 1230}) {
            GatewayHandshake gateway = gateway();
            gateway.answerKktRequest(transcript.message(1));
            refused(LpError.AEAD_FAILURE, () -> gateway.answerMsg1(flipped(msg1, index)));
        }
        GatewayHandshake gateway = gateway();
        gateway.answerKktRequest(transcript.message(1));
        refused(LpError.UNSUPPORTED_VERSION, () -> gateway.answerMsg1(flipped(msg1, 1246)));
        refused(LpError.INVALID_STATE, () -> gateway.answerMsg1(msg1));
    }

    @Test
    void clientRefusesAnAlteredMsg2() throws Exception {
        for (int index : new int[] {0, 33, 40, 60}) {
            ClientHandshake client = client(transcript.kemDigest());
            client.acceptKktResponse(transcript.message(2));
            refused(LpError.AEAD_FAILURE, () -> client.acceptMsg2(flipped(transcript.message(4), index)));
        }
    }

    @Test
    void gatewayRefusesAReplayedOrAlteredTransportPacket() throws Exception {
        GatewayHandshake gateway = gateway();
        gateway.answerKktRequest(transcript.message(1));
        gateway.answerMsg1(transcript.message(3));
        LpTransportSession session = gateway.session();
        byte[] packet = NymTranscriptTest.unframed(transcript.message(5));

        refused(LpError.AEAD_FAILURE, () -> session.open(flipped(packet, 40)));
        refused(LpError.LP_ID_MISMATCH, () -> session.open(flipped(packet, 0)));
        assertThat(session.open(packet).content())
                .isEqualTo(transcript.hex("registration_payloads", "LpRegistrationRequest_InitialRequest_bincode"));
        refused(LpError.REPLAY, () -> session.open(packet));
    }

    @Test
    void clientRefusesAReplayedTransportPacket() throws Exception {
        ClientHandshake client = client(transcript.kemDigest());
        client.acceptKktResponse(transcript.message(2));
        LpTransportSession session = client.acceptMsg2(transcript.message(4));
        byte[] packet = NymTranscriptTest.unframed(transcript.message(6));
        refused(LpError.AEAD_FAILURE, () -> session.open(flipped(packet, packet.length - 1)));
        session.open(packet);
        refused(LpError.REPLAY, () -> session.open(packet));
    }

    @Test
    void sessionsOfTwoFreshHandshakesTalkBothWays() throws Exception {
        KeyPair gatewayKey = KeyPair.fromPrivate(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8});
        MlKem768.KeyPair kem = MlKem768.fromSeed(new byte[64]);
        byte[] digest = io.lpreg.protocol.v3.kkt.KemHash.BLAKE3.digest(kem.encapsulationKey(), 32);
        ClientHandshake client = ClientHandshake.start(KeyPair.fromPrivate(new byte[32]), gatewayKey.publicKey(), digest, Randomness.system());
        GatewayHandshake gateway = new GatewayHandshake(gatewayKey, kem, Randomness.system());
        byte[] msg1 = client.acceptKktResponse(gateway.answerKktRequest(client.kktRequest()));
        LpTransportSession clientSession = client.acceptMsg2(gateway.answerMsg1(msg1));
        LpTransportSession gatewaySession = gateway.session();
        assertThat(clientSession.receiverIndex()).isEqualTo(gatewaySession.receiverIndex());
        for (int i = 0; i < 3; i++) {
            byte[] content = {(byte) i, 1, 2};
            assertThat(gatewaySession.open(NymTranscriptTest.unframed(clientSession.seal(LpFrame.registration(content)))).content()).isEqualTo(content);
            assertThat(clientSession.open(NymTranscriptTest.unframed(gatewaySession.seal(LpFrame.registration(content)))).content()).isEqualTo(content);
        }
    }
}
