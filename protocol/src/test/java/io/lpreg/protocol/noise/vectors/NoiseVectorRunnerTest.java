package io.lpreg.protocol.noise.vectors;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.HandshakeState;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.noise.NoiseProtocol;
import io.lpreg.protocol.noise.TransportState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NoiseVectorRunnerTest {
    private static final String NAME = "Noise_XKpsk3_25519_ChaChaPoly_SHA256";

    private static byte[] bytes(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    /** Builds a vector by running our own implementation: a self-consistency check, not a known answer. */
    private static NoiseVector selfMadeVector() throws LpProtocolException {
        NoiseProtocol protocol = NoiseProtocol.parse(NAME);
        KeyPair clientStatic = KeyPair.fromPrivate(bytes(1));
        KeyPair gatewayStatic = KeyPair.fromPrivate(bytes(2));
        HandshakeState initiator = HandshakeState.builder(protocol, true)
                .localStatic(clientStatic).remoteStatic(gatewayStatic.publicKey()).psk(bytes(5))
                .ephemerals(EphemeralKeySource.fixed(KeyPair.fromPrivate(bytes(3)))).build();
        HandshakeState responder = HandshakeState.builder(protocol, false)
                .localStatic(gatewayStatic).psk(bytes(5))
                .ephemerals(EphemeralKeySource.fixed(KeyPair.fromPrivate(bytes(4)))).build();
        List<NoiseVector.Message> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] payload = {(byte) i};
            HandshakeState writer = i % 2 == 0 ? initiator : responder;
            byte[] ciphertext = writer.writeMessage(payload);
            (i % 2 == 0 ? responder : initiator).readMessage(ciphertext);
            messages.add(new NoiseVector.Message(payload, ciphertext));
        }
        TransportState client = initiator.split();
        TransportState gateway = responder.split();
        for (int i = 3; i < 6; i++) {
            byte[] payload = {(byte) i};
            byte[] ciphertext = (i % 2 == 0 ? client : gateway).sender().encryptWithAd(new byte[0], payload);
            messages.add(new NoiseVector.Message(payload, ciphertext));
        }
        return new NoiseVector(NAME, new byte[0], List.of(bytes(5)), bytes(1), bytes(3), gatewayStatic.publicKey(),
                new byte[0], List.of(bytes(5)), bytes(2), bytes(4), null, initiator.handshakeHash(), messages);
    }

    private static NoiseVector withName(NoiseVector v, String name) {
        return new NoiseVector(name, v.initPrologue(), v.initPsks(), v.initStatic(), v.initEphemeral(),
                v.initRemoteStatic(), v.respPrologue(), v.respPsks(), v.respStatic(), v.respEphemeral(),
                v.respRemoteStatic(), v.handshakeHash(), v.messages());
    }

    @Test
    void passesAConsistentVector() throws LpProtocolException {
        assertThat(NoiseVectorRunner.run(selfMadeVector())).isInstanceOf(VectorResult.Passed.class);
    }

    @Test
    void failsOnAnAlteredTransportCiphertext() throws LpProtocolException {
        NoiseVector vector = selfMadeVector();
        List<NoiseVector.Message> messages = new ArrayList<>(vector.messages());
        byte[] altered = messages.get(4).ciphertext().clone();
        altered[0] ^= 1;
        messages.set(4, new NoiseVector.Message(messages.get(4).payload(), altered));
        NoiseVector broken = new NoiseVector(NAME, vector.initPrologue(), vector.initPsks(), vector.initStatic(),
                vector.initEphemeral(), vector.initRemoteStatic(), vector.respPrologue(), vector.respPsks(),
                vector.respStatic(), vector.respEphemeral(), vector.respRemoteStatic(), vector.handshakeHash(), messages);

        assertThat(NoiseVectorRunner.run(broken)).isInstanceOfSatisfying(VectorResult.Failed.class,
                failed -> assertThat(failed.reason()).startsWith("message 4: transport ciphertext differs"));
    }

    @Test
    void failsOnAWrongHandshakeHash() throws LpProtocolException {
        NoiseVector v = selfMadeVector();
        NoiseVector broken = new NoiseVector(NAME, v.initPrologue(), v.initPsks(), v.initStatic(), v.initEphemeral(),
                v.initRemoteStatic(), v.respPrologue(), v.respPsks(), v.respStatic(), v.respEphemeral(),
                v.respRemoteStatic(), new byte[32], v.messages());

        assertThat(NoiseVectorRunner.run(broken)).isInstanceOfSatisfying(VectorResult.Failed.class,
                failed -> assertThat(failed.reason()).contains("initiator handshake hash differs"));
    }

    @Test
    void skipsUnsupportedPrimitives() throws LpProtocolException {
        assertThat(NoiseVectorRunner.run(withName(selfMadeVector(), "Noise_XKpsk3_448_ChaChaPoly_SHA256")))
                .isEqualTo(new VectorResult.Skipped("unsupported primitive 448"));
        assertThat(NoiseVectorRunner.run(withName(selfMadeVector(), "Noise_XKpsk3_25519_AESGCM_SHA256")))
                .isInstanceOf(VectorResult.Skipped.class);
    }

    @Test
    void failsOnAnInvalidProtocolName() throws LpProtocolException {
        assertThat(NoiseVectorRunner.run(withName(selfMadeVector(), "Noise_QQ_25519_ChaChaPoly_SHA256")))
                .isInstanceOf(VectorResult.Failed.class);
    }

    @Test
    void failsWhenTheVectorEndsBeforeTheHandshake() throws LpProtocolException {
        NoiseVector v = selfMadeVector();
        NoiseVector shortVector = new NoiseVector(NAME, v.initPrologue(), v.initPsks(), v.initStatic(),
                v.initEphemeral(), v.initRemoteStatic(), v.respPrologue(), v.respPsks(), v.respStatic(),
                v.respEphemeral(), v.respRemoteStatic(), null, v.messages().subList(0, 2));

        assertThat(NoiseVectorRunner.run(shortVector))
                .isEqualTo(new VectorResult.Failed("the vector ends before the handshake does"));
    }
}
