package io.lpreg.protocol.v3;

import io.lpreg.protocol.v3.crypto.MlKem768;
import io.lpreg.protocol.v3.kkt.KemHash;
import io.lpreg.protocol.v3.transport.LpFrame;
import io.lpreg.protocol.v3.transport.LpFrameKind;
import io.lpreg.protocol.v3.transport.LpTransportSession;
import io.lpreg.protocol.v3.transport.TransportFraming;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Nym's Rust-made transcript (KKT, PSQ v2, transport) reproduced byte for byte in both roles. */
class NymTranscriptTest {
    private static NymTranscript transcript;

    @BeforeAll
    static void load() {
        transcript = NymTranscript.load();
    }

    @Test
    void gatewayKemKeyComesFromItsSeedInFips203Encoding() throws Exception {
        MlKem768.KeyPair key = transcript.gatewayKemKey();
        assertThat(key.encapsulationKey()).isEqualTo(transcript.hex("keys", "gateway_mlkem768_ek"));
        assertThat(key.decapsulationKey()).isEqualTo(transcript.hex("keys", "gateway_mlkem768_dk"));
        assertThat(MlKem768.fromDecapsulationKey(transcript.hex("keys", "gateway_mlkem768_dk")).encapsulationKey())
                .isEqualTo(key.encapsulationKey());
    }

    @Test
    void staticKeysAreTheTranscriptsPublicKeys() {
        assertThat(transcript.gatewayStaticKey().publicKey()).isEqualTo(transcript.hex("keys", "gateway_x25519_lp_pk"));
        assertThat(transcript.clientStaticKey().publicKey()).isEqualTo(transcript.hex("keys", "client_x25519_lp_pk"));
    }

    @Test
    void directoryDigestsAreEveryHashOfTheEncapsulationKey() {
        byte[] ek = transcript.hex("keys", "gateway_mlkem768_ek");
        for (KemHash hash : KemHash.values()) {
            String name = hash.directoryName() + " (" + hash.code() + ")";
            assertThat(hash.digest(ek, KemHash.DEFAULT_LENGTH)).as(name)
                    .isEqualTo(transcript.hex("directory_kem_key_digests", "MlKem768", name));
        }
        assertThat(KemHash.BLAKE3.digest(ek, 32)).isEqualTo(transcript.kemDigest());
    }

    @Test
    void clientSendsMessagesOneThreeFiveAndAcceptsTwoFourSix() throws Exception {
        NymTranscript.ReplayedRandomness draws = (NymTranscript.ReplayedRandomness) transcript.replay("client_handshake");
        ClientHandshake client = ClientHandshake.start(transcript.clientStaticKey(),
                transcript.hex("keys", "gateway_x25519_lp_pk"), transcript.kemDigest(), draws);

        assertThat(client.kktRequest()).isEqualTo(transcript.message(1));
        assertThat(client.acceptKktResponse(transcript.message(2))).isEqualTo(transcript.message(3));
        LpTransportSession session = client.acceptMsg2(transcript.message(4));
        assertThat(draws.remaining()).isZero();

        assertSessionValues(session, "client_after_handshake");
        byte[] request = transcript.hex("registration_payloads", "LpRegistrationRequest_InitialRequest_bincode");
        assertThat(session.seal(LpFrame.registration(request))).isEqualTo(transcript.message(5));
        LpFrame answer = session.open(unframed(transcript.message(6)));
        assertThat(answer.kind()).isEqualTo(LpFrameKind.REGISTRATION);
        assertThat(answer.content()).isEqualTo(transcript.hex("registration_payloads", "LpRegistrationResponse_RequiresCredential_bincode"));
        assertThat(answer.encode()).isEqualTo(transcript.hex("messages", "6_transport_gateway_to_client", "decrypted_by_client", "encoded_frame_hex"));
    }

    @Test
    void gatewayAnswersTheClientsMessagesWithTwoFourSix() throws Exception {
        NymTranscript.ReplayedRandomness draws = (NymTranscript.ReplayedRandomness) transcript.replay("gateway_handshake");
        GatewayHandshake gateway = new GatewayHandshake(transcript.gatewayStaticKey(), transcript.gatewayKemKey(), draws);

        assertThat(gateway.answerKktRequest(transcript.message(1))).isEqualTo(transcript.message(2));
        assertThat(gateway.peerConfig().seed()).isEqualTo(transcript.hex("kkt_carrier", "receiver_index_check", "lp_peer_config_seed16"));
        assertThat(gateway.answerMsg1(transcript.message(3))).isEqualTo(transcript.message(4));
        assertThat(draws.remaining()).isZero();

        LpTransportSession session = gateway.session();
        assertSessionValues(session, "gateway_after_handshake");
        LpFrame request = session.open(unframed(transcript.message(5)));
        assertThat(request.kind()).isEqualTo(LpFrameKind.REGISTRATION);
        assertThat(request.content()).isEqualTo(transcript.hex("registration_payloads", "LpRegistrationRequest_InitialRequest_bincode"));
        byte[] answer = transcript.hex("registration_payloads", "LpRegistrationResponse_RequiresCredential_bincode");
        assertThat(session.seal(LpFrame.registration(answer))).isEqualTo(transcript.message(6));
    }

    @Test
    void bothStreamsAreTheMessagesBackToBack() {
        assertThat(concat(transcript.message(1), transcript.message(3), transcript.message(5)))
                .isEqualTo(transcript.hex("tcp_streams", "client_to_gateway_hex"));
        assertThat(concat(transcript.message(2), transcript.message(4), transcript.message(6)))
                .isEqualTo(transcript.hex("tcp_streams", "gateway_to_client_hex"));
    }

    @Test
    void messageSizesAreNyms() {
        assertThat(ClientHandshake.KKT_REQUEST_LENGTH).isEqualTo(91).isEqualTo(transcript.message(1).length);
        assertThat(ClientHandshake.KKT_RESPONSE_LENGTH).isEqualTo(1207).isEqualTo(transcript.message(2).length);
        assertThat(ClientHandshake.MSG1_LENGTH).isEqualTo(1247).isEqualTo(transcript.message(3).length);
        assertThat(ClientHandshake.MSG2_LENGTH).isEqualTo(70).isEqualTo(transcript.message(4).length);
    }

    private static void assertSessionValues(LpTransportSession session, String side) {
        assertThat(Integer.toUnsignedLong(session.receiverIndex()))
                .isEqualTo(transcript.node("sessions", side, "receiver_index_u32").asLong());
        assertThat(session.sessionId()).isEqualTo(transcript.hex("sessions", side, "session_identifier"));
    }

    static byte[] unframed(byte[] wire) throws Exception {
        var packets = new TransportFraming.Decoder().feed(wire);
        assertThat(packets).hasSize(1);
        return packets.get(0);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return Arrays.copyOf(out.toByteArray(), out.size());
    }
}
