package io.lpreg.protocol.v3.fuzz;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.v3.ClientHandshake;
import io.lpreg.protocol.v3.GatewayHandshake;
import io.lpreg.protocol.v3.LpPeerConfig;
import io.lpreg.protocol.v3.Randomness;
import io.lpreg.protocol.v3.crypto.MlKem768;
import io.lpreg.protocol.v3.kkt.KemHash;
import io.lpreg.protocol.v3.kkt.KktContext;
import io.lpreg.protocol.v3.registration.NymRegistrationCodec;
import io.lpreg.protocol.v3.transport.LpFrame;
import io.lpreg.protocol.v3.transport.LpTransportSession;
import io.lpreg.protocol.v3.transport.TransportFraming;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Every wire v3 decoder behind one signature, on a fixed gateway and a client that has reached each step
 * honestly, so that fuzz input reaches the decoder's deep paths. The property: nothing but
 * {@link LpProtocolException} escapes.
 */
final class V3Decoders {
    static final KeyPair GATEWAY_KEY = KeyPair.fromPrivate(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    static final MlKem768.KeyPair KEM_KEY = MlKem768.fromSeed(new byte[64]);
    static final byte[] KEM_DIGEST = KemHash.BLAKE3.digest(KEM_KEY.encapsulationKey(), 32);

    @FunctionalInterface
    interface Decoder {
        void decode(byte[] input) throws LpProtocolException;
    }

    private V3Decoders() {
    }

    /** A deterministic generator for the honest side, so a failing input reproduces. */
    static Randomness seeded(long seed) {
        Random random = new Random(seed);
        return random::nextBytes;
    }

    /** An honest exchange up to an established session, for the messages each decoder expects. */
    record Honest(byte[] kktRequest, byte[] kktResponse, byte[] msg1, byte[] msg2, byte[] clientPacket, byte[] gatewayPacket) {
        static Honest run() {
            try {
                ClientHandshake client = ClientHandshake.start(KeyPair.fromPrivate(new byte[32]), GATEWAY_KEY.publicKey(), KEM_DIGEST, seeded(1));
                GatewayHandshake gateway = new GatewayHandshake(GATEWAY_KEY, KEM_KEY, seeded(2));
                byte[] request = client.kktRequest();
                byte[] response = gateway.answerKktRequest(request);
                byte[] msg1 = client.acceptKktResponse(response);
                byte[] msg2 = gateway.answerMsg1(msg1);
                LpTransportSession clientSession = client.acceptMsg2(msg2);
                byte[] clientPacket = clientSession.seal(LpFrame.registration(new byte[] {0, 0, 0}));
                byte[] gatewayPacket = gateway.session().seal(LpFrame.registration(new byte[] {2, 0, 0}));
                return new Honest(request, response, msg1, msg2, Arrays.copyOfRange(clientPacket, 4, clientPacket.length),
                        Arrays.copyOfRange(gatewayPacket, 4, gatewayPacket.length));
            } catch (LpProtocolException e) {
                throw new AssertionError(e);
            }
        }

        List<byte[]> all() {
            return List.of(kktRequest, kktResponse, msg1, msg2, clientPacket, gatewayPacket);
        }
    }

    static void kktRequest(byte[] input) throws LpProtocolException {
        new GatewayHandshake(GATEWAY_KEY, KEM_KEY, seeded(3)).answerKktRequest(input);
    }

    static void kktResponse(byte[] input) throws LpProtocolException {
        ClientHandshake client = ClientHandshake.start(KeyPair.fromPrivate(new byte[32]), GATEWAY_KEY.publicKey(), KEM_DIGEST, seeded(1));
        client.acceptKktResponse(input);
    }

    static void kktContext(byte[] input) throws LpProtocolException {
        KktContext.decode(input, 0);
    }

    static void peerConfig(byte[] input) throws LpProtocolException {
        LpPeerConfig.decode(input);
    }

    static void msg1(Honest honest, byte[] input) throws LpProtocolException {
        GatewayHandshake gateway = new GatewayHandshake(GATEWAY_KEY, KEM_KEY, seeded(2));
        gateway.answerKktRequest(honest.kktRequest());
        gateway.answerMsg1(input);
    }

    static void msg2(Honest honest, byte[] input) throws LpProtocolException {
        ClientHandshake client = ClientHandshake.start(KeyPair.fromPrivate(new byte[32]), GATEWAY_KEY.publicKey(), KEM_DIGEST, seeded(1));
        client.acceptKktResponse(honest.kktResponse());
        client.acceptMsg2(input);
    }

    static void transportPacket(Honest honest, byte[] input) throws LpProtocolException {
        GatewayHandshake gateway = new GatewayHandshake(GATEWAY_KEY, KEM_KEY, seeded(2));
        gateway.answerKktRequest(honest.kktRequest());
        gateway.answerMsg1(honest.msg1());
        gateway.session().open(input);
    }

    static void transportStream(byte[] input) throws LpProtocolException {
        new TransportFraming.Decoder().feed(input);
    }

    static void frame(byte[] input) throws LpProtocolException {
        LpFrame.decode(input, 0);
    }

    static void registrationRequest(byte[] input) throws LpProtocolException {
        NymRegistrationCodec.decodeRequest(input);
    }

    static void registrationResponse(byte[] input) throws LpProtocolException {
        NymRegistrationCodec.decodeResponse(input);
    }

    static void credentialLpVarint(byte[] input) throws LpProtocolException {
        CredentialCodec.decodeLpVarint(input, 0);
    }
}
