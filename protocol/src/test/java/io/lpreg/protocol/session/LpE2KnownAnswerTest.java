package io.lpreg.protocol.session;

import io.lpreg.protocol.KnownAnswers;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.bincode.BincodeWriter;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.credential.CredentialFixtures;
import io.lpreg.protocol.credential.SpendDate;
import io.lpreg.protocol.keys.LpId;
import io.lpreg.protocol.keys.LpKeys;
import io.lpreg.protocol.keys.LpPsk;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationCodec;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.ClientHello;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.List;

import static io.lpreg.protocol.KnownAnswers.hex;
import static io.lpreg.protocol.KnownAnswers.number;
import static io.lpreg.protocol.KnownAnswers.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every value of lp-e2-kat.json (LP-WIRE.md §A.12), reproduced byte for byte. */
class LpE2KnownAnswerTest {
    private static final byte[] SEED = hex("keys", "gateway_ed25519_seed");
    private static final byte[] CLIENT_PRIVATE = hex("keys", "client_x25519_private");
    private static final KeyPair GATEWAY_LP_KEY = KeyPair.fromPrivate(LpKeys.x25519PrivateFromEd25519Seed(SEED));
    private static final Instant AT_TIMESTAMP = Instant.ofEpochSecond(number("salt", "timestamp"));

    @Test
    void gatewayKeysDeriveFromTheEd25519Seed() throws Exception {
        byte[] ed25519Public = LpKeys.ed25519PublicFromSeed(SEED);
        assertThat(ed25519Public).isEqualTo(hex("keys", "gateway_ed25519_public"));
        byte[] x25519Private = LpKeys.x25519PrivateFromEd25519Seed(SEED);
        assertThat(x25519Private).isEqualTo(hex("keys", "gateway_x25519_private_raw"));
        assertThat(LpKeys.x25519PublicFromEd25519Public(ed25519Public)).isEqualTo(hex("keys", "gateway_x25519_public"));
        assertThat(LpKeys.x25519Public(x25519Private)).isEqualTo(hex("keys", "gateway_x25519_public"));
        assertThat(LpKeys.x25519Public(CLIENT_PRIVATE)).isEqualTo(hex("keys", "client_x25519_public"));
    }

    @Test
    void saltIsTheTimestampLittleEndianFollowedByTheNonce() {
        byte[] salt = ClientHello.salt(number("salt", "timestamp"), hex("salt", "nonce24"));
        assertThat(salt).isEqualTo(hex("salt", "salt"));
    }

    @Test
    void pskIsBlake3DeriveKeyOverSharedSecretAndSalt() {
        byte[] shared = LpKeys.x25519(CLIENT_PRIVATE, hex("keys", "gateway_x25519_public"));
        assertThat(shared).isEqualTo(hex("psk", "ecdh_shared_secret"));
        assertThat(LpKeys.x25519(LpKeys.x25519PrivateFromEd25519Seed(SEED), hex("keys", "client_x25519_public")))
                .isEqualTo(shared);
        assertThat(text("psk", "context")).isEqualTo(LpPsk.CONTEXT);
        assertThat(LpPsk.derive(CLIENT_PRIVATE, hex("keys", "gateway_x25519_public"), hex("salt", "salt")))
                .isEqualTo(hex("psk", "psk"));
    }

    @Test
    void lpIdIsSipHash13OfTheSortedKeysTruncated() {
        byte[] client = hex("keys", "client_x25519_public");
        byte[] gateway = hex("keys", "gateway_x25519_public");
        assertThat(LpId.siphash13(client, gateway, LpId.SEPARATOR))
                .isEqualTo(Long.parseUnsignedLong(text("lp_id", "siphash13_u64"), 16));
        assertThat(LpId.compute(client, gateway)).isEqualTo((int) number("lp_id", "lp_id"));
        assertThat(LpId.compute(gateway, client)).isEqualTo((int) number("lp_id", "lp_id"));
        // LP-WIRE.md §A.12.2, extra checks
        assertThat(LpId.siphash13(new byte[] {0x11}, new byte[] {0x22}, (byte) 0xCC)).isEqualTo(0x629a5b19c8be4f15L);
        assertThat(LpId.siphash13(new byte[0], new byte[0], (byte) 0xFF)).isEqualTo(0x30406ea523c53defL);
    }

    @Test
    void clientHelloEncodesAsPacketAndFrame() throws Exception {
        ClientHello hello = new ClientHello(hex("keys", "client_x25519_public"), hex("salt", "salt"));
        assertThat(hello.encode()).isEqualTo(hex("client_hello", "bincode_64B_variant_6d0e4f65f2"));
        LpPacket packet = new LpPacket(WireVersion.V1, 0, 0, MessageType.CLIENT_HELLO, hello.encode());
        assertThat(packet.encode()).isEqualTo(hex("client_hello", "packet_64B_variant"));
        assertThat(LpFraming.frame(packet.encode())).isEqualTo(hex("client_hello", "framed_64B_variant"));
        assertThat(ClientHello.decode(LpPacket.decode(LpFraming.unframe(hex("client_hello", "framed_64B_variant"))).content()))
                .isEqualTo(hello);
        assertThat(hello.timestamp()).isEqualTo(number("salt", "timestamp"));
    }

    @Test
    void handshakeTransportAndResponseMatchByteForByte() throws Exception {
        LpSession client = knownClient();
        LpSession gateway = knownGateway();

        List<LpPacket> opening = client.start(hex("salt", "salt"));
        assertThat(LpFraming.frame(opening.get(0).encode())).isEqualTo(hex("client_hello", "framed_64B_variant"));
        assertThat(opening.get(1).content()).isEqualTo(hex("handshake", "msg1"));
        assertThat(opening.get(1).encode()).isEqualTo(hex("handshake", "msg1_packet_client_to_gw"));
        assertThat(LpFraming.frame(opening.get(1).encode())).isEqualTo(hex("handshake", "msg1_framed"));
        assertThat(client.lpId()).isEqualTo((int) number("lp_id", "lp_id"));

        assertThat(gateway.receive(opening.get(0).encode(), AT_TIMESTAMP).event()).isInstanceOf(LpEvent.HelloAccepted.class);
        LpPacket msg2 = gateway.receive(opening.get(1).encode(), AT_TIMESTAMP).packets().get(0);
        assertThat(msg2.content()).isEqualTo(hex("handshake", "msg2"));
        assertThat(msg2.encode()).isEqualTo(hex("handshake", "msg2_packet_gw_to_client"));
        assertThat(LpFraming.frame(msg2.encode())).isEqualTo(hex("handshake", "msg2_framed"));

        LpSession.Output afterMsg2 = client.receive(msg2.encode(), AT_TIMESTAMP);
        LpPacket msg3 = afterMsg2.packets().get(0);
        assertThat(msg3.content()).isEqualTo(hex("handshake", "msg3"));
        assertThat(msg3.encode()).isEqualTo(hex("handshake", "msg3_packet_client_to_gw"));
        assertThat(LpFraming.frame(msg3.encode())).isEqualTo(hex("handshake", "msg3_framed"));
        assertThat(((LpEvent.HandshakeComplete) afterMsg2.event()).handshakeHash()).isEqualTo(hex("handshake", "handshake_hash"));

        LpSession.Output afterMsg3 = gateway.receive(msg3.encode(), AT_TIMESTAMP);
        assertThat(((LpEvent.HandshakeComplete) afterMsg3.event()).handshakeHash()).isEqualTo(hex("handshake", "handshake_hash"));
        assertThat(client.sendingKey()).isEqualTo(hex("transport_keys", "initiator_to_responder_key"));
        assertThat(gateway.receivingKey()).isEqualTo(hex("transport_keys", "initiator_to_responder_key"));
        assertThat(gateway.sendingKey()).isEqualTo(hex("transport_keys", "responder_to_initiator_key"));
        assertThat(client.receivingKey()).isEqualTo(hex("transport_keys", "responder_to_initiator_key"));

        LpPacket data = client.seal(hex("transport", "client_to_gateway_plaintext"));
        assertThat(data.content()).isEqualTo(hex("transport", "client_to_gateway_noise_ct"));
        assertThat(data.encode()).isEqualTo(hex("transport", "client_to_gateway_packet"));
        assertThat(LpFraming.frame(data.encode())).isEqualTo(hex("transport", "client_to_gateway_framed"));
        LpEvent received = gateway.receive(data.encode(), AT_TIMESTAMP).event();
        assertThat(((LpEvent.DataReceived) received).plaintext()).isEqualTo(hex("transport", "client_to_gateway_plaintext"));

        LpPacket response = gateway.seal(hex("transport", "response_ok_bincode"));
        assertThat(response.content()).isEqualTo(hex("transport", "gateway_to_client_response_noise_ct"));
        assertThat(response.encode()).isEqualTo(hex("transport", "gateway_to_client_packet"));
        assertThat(LpFraming.frame(response.encode())).isEqualTo(hex("transport", "gateway_to_client_framed"));
        LpEvent answer = client.receive(response.encode(), AT_TIMESTAMP).event();
        assertThat(((LpEvent.DataReceived) answer).plaintext()).isEqualTo(hex("transport", "response_ok_bincode"));
    }

    @Test
    void initiatorThatPrecomputesItsPskSendsTheKnownMsg3() throws Exception {
        LpSession client = knownClient();
        LpSession gateway = knownGateway();

        List<LpPacket> opening = client.start(hex("salt", "salt"));
        client.precomputePsk();
        assertThat(opening.get(1).content()).isEqualTo(hex("handshake", "msg1"));
        gateway.receive(opening.get(0).encode(), AT_TIMESTAMP);
        LpPacket msg2 = gateway.receive(opening.get(1).encode(), AT_TIMESTAMP).packets().get(0);

        LpSession.Output afterMsg2 = client.receive(msg2.encode(), AT_TIMESTAMP);
        assertThat(afterMsg2.packets().get(0).content()).isEqualTo(hex("handshake", "msg3"));
        assertThat(((LpEvent.HandshakeComplete) afterMsg2.event()).handshakeHash()).isEqualTo(hex("handshake", "handshake_hash"));
        assertThatThrownBy(client::precomputePsk).isInstanceOf(LpProtocolException.class);
    }

    @Test
    void gatewayThatPrecomputesItsPskAfterMsg2AcceptsTheKnownMsg3AndSealsTheKnownResponse() throws Exception {
        LpSession client = knownClient();
        LpSession gateway = knownGateway();

        List<LpPacket> opening = client.start(hex("salt", "salt"));
        gateway.receive(opening.get(0).encode(), AT_TIMESTAMP);
        assertThatThrownBy(gateway::precomputePsk).as("before msg 1 decrypted").isInstanceOf(LpProtocolException.class);
        LpPacket msg2 = gateway.receive(opening.get(1).encode(), AT_TIMESTAMP).packets().get(0);
        gateway.precomputePsk();
        assertThat(msg2.content()).isEqualTo(hex("handshake", "msg2"));

        LpPacket msg3 = client.receive(msg2.encode(), AT_TIMESTAMP).packets().get(0);
        LpEvent completed = gateway.receive(msg3.encode(), AT_TIMESTAMP).event();
        assertThat(((LpEvent.HandshakeComplete) completed).handshakeHash()).isEqualTo(hex("handshake", "handshake_hash"));
        assertThat(gateway.seal(hex("transport", "response_ok_bincode")).content())
                .isEqualTo(hex("transport", "gateway_to_client_response_noise_ct"));
        assertThatThrownBy(gateway::precomputePsk).isInstanceOf(LpProtocolException.class);
    }

    @Test
    void successResponseEncodesAndDecodes() throws Exception {
        var fields = KnownAnswers.node("transport", "response_ok_fields");
        GatewayData data = new GatewayData(HexFormat.of().parseHex(fields.path("public_key").asText()),
                new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 51822),
                (Inet4Address) InetAddress.getByName("10.1.0.42"),
                (Inet6Address) InetAddress.getByName("fd00::2a"));
        LpRegistrationResponse response = LpRegistrationResponse.success(data,
                fields.path("allocated_bandwidth").asLong(), fields.path("session_id").asInt());
        assertThat(RegistrationCodec.encodeResponse(response)).isEqualTo(hex("transport", "response_ok_bincode"));
        assertThat(RegistrationCodec.decodeResponse(hex("transport", "response_ok_bincode"))).isEqualTo(response);
    }

    @Test
    void requestFragmentsMatch() throws Exception {
        byte[] wgKey = hex("request_fragments", "wg_public_key_raw");
        assertThat(java.util.Base64.getEncoder().encodeToString(wgKey)).isEqualTo(text("request_fragments", "wg_public_key_base64"));
        RequestCredential credential = new RequestCredential.ZkNym(CredentialFixtures.synthetic(1, 1, 1));

        byte[] dvpn = RegistrationCodec.encodeRequest(new LpRegistrationRequest(wgKey, credential,
                TicketType.WIREGUARD_ENTRY, new RegistrationMode.Dvpn(), InetAddress.getByName("198.51.100.9"),
                number("salt", "timestamp"), Optional.empty()), WireVersion.V1);
        byte[] keyPrefix = hex("request_fragments", "wg_public_key_bincode");
        byte[] dvpnTail = hex("request_fragments", "tail_dvpn_v4");
        assertThat(Arrays.copyOfRange(dvpn, 0, keyPrefix.length)).isEqualTo(keyPrefix);
        assertThat(Arrays.copyOfRange(dvpn, dvpn.length - dvpnTail.length, dvpn.length)).isEqualTo(dvpnTail);

        byte[] clientId = new byte[32];
        Arrays.fill(clientId, (byte) 0xab);
        byte[] mixnet = RegistrationCodec.encodeRequest(new LpRegistrationRequest(wgKey, credential,
                TicketType.WIREGUARD_ENTRY, new RegistrationMode.Mixnet(clientId), InetAddress.getByName("2001:db8::1"),
                number("salt", "timestamp"), Optional.empty()), WireVersion.V1);
        byte[] mixnetTail = hex("request_fragments", "tail_mixnet_v6");
        assertThat(Arrays.copyOfRange(mixnet, mixnet.length - mixnetTail.length, mixnet.length)).isEqualTo(mixnetTail);
        assertThat(RegistrationCodec.decodeRequest(mixnet, WireVersion.V1).mode()).isEqualTo(new RegistrationMode.Mixnet(clientId));

        // the credential's spend date in bincode: (year i32, ordinal u16), LP-WIRE.md §A.6.3
        BincodeWriter date = new BincodeWriter();
        CredentialCodec.encodeBincode(CredentialFixtures.synthetic(1, 1, 1).withSpendDate(new SpendDate(2025, 315)), date);
        byte[] encoded = date.toByteArray();
        byte[] expectedDate = hex("request_fragments", "date_2025_315_bincode");
        // spend_date sits right before the trailing u64 epoch_id
        assertThat(Arrays.copyOfRange(encoded, encoded.length - 8 - expectedDate.length, encoded.length - 8)).isEqualTo(expectedDate);
    }

    @Test
    void errorResponseEncodesAndDecodes() throws Exception {
        LpRegistrationResponse response = LpRegistrationResponse.error("Invalid timestamp", 0x12345678);
        assertThat(RegistrationCodec.encodeResponse(response)).isEqualTo(hex("transport", "response_err_bincode"));
        assertThat(RegistrationCodec.decodeResponse(hex("transport", "response_err_bincode"))).isEqualTo(response);
    }

    /** The vectors' client: its static key and the handshake's fixed ephemeral. */
    private static LpSession knownClient() {
        return LpSession.initiator(KeyPair.fromPrivate(CLIENT_PRIVATE), GATEWAY_LP_KEY.publicKey(), WireVersion.V1,
                EphemeralKeySource.fixed(KeyPair.fromPrivate(hex("handshake", "client_ephemeral_private"))));
    }

    /** The vectors' gateway: the LP key of its Ed25519 seed and the handshake's fixed ephemeral. */
    private static LpSession knownGateway() {
        return LpSession.responder(GATEWAY_LP_KEY, TimestampWindow.defaults(),
                EphemeralKeySource.fixed(KeyPair.fromPrivate(hex("handshake", "gateway_ephemeral_private"))));
    }
}
