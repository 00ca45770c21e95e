package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeStateTest {
    private static final String LP_PROTOCOL = "Noise_XKpsk3_25519_ChaChaPoly_SHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair clientStatic = KeyPair.generate(RANDOM);
    private final KeyPair gatewayStatic = KeyPair.generate(RANDOM);
    private final byte[] psk = bytes(32, 9);

    private static byte[] bytes(int length, int fill) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertFails(ThrowingCall call, LpError error) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(LpProtocolException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private HandshakeState initiator(byte[] psk) throws LpProtocolException {
        return HandshakeState.builder(NoiseProtocol.parse(LP_PROTOCOL), true)
                .localStatic(clientStatic)
                .remoteStatic(gatewayStatic.publicKey())
                .psk(psk)
                .build();
    }

    private HandshakeState responder(byte[] psk) throws LpProtocolException {
        return HandshakeState.builder(NoiseProtocol.parse(LP_PROTOCOL), false)
                .localStatic(gatewayStatic)
                .psks(List.of(psk))
                .build();
    }

    @Test
    void xkPsk3RoundTripAgreesOnHashStaticsAndTransportKeys() throws LpProtocolException {
        HandshakeState initiator = initiator(psk);
        HandshakeState responder = responder(psk);

        assertThat(responder.readMessage(initiator.writeMessage(ascii("one")))).isEqualTo(ascii("one"));
        byte[] second = responder.writeMessage(ascii("two"));
        assertThat(second).hasSize(32 + 3 + 16);
        assertThat(initiator.readMessage(second)).isEqualTo(ascii("two"));
        assertThat(responder.remoteStatic()).isNull();
        byte[] third = initiator.writeMessage(ascii("three"));
        assertThat(third).hasSize(32 + 16 + 5 + 16);
        assertThat(responder.readMessage(third)).isEqualTo(ascii("three"));

        assertThat(initiator.isComplete()).isTrue();
        assertThat(responder.isComplete()).isTrue();
        assertThat(initiator.isMyTurnToWrite()).isFalse();
        assertThat(responder.isMyTurnToWrite()).isFalse();
        assertThat(initiator.handshakeHash()).isEqualTo(responder.handshakeHash());
        assertThat(responder.remoteStatic()).isEqualTo(clientStatic.publicKey());
        assertThat(initiator.remoteStatic()).isEqualTo(gatewayStatic.publicKey());

        TransportState client = initiator.split();
        TransportState gateway = responder.split();
        assertThat(client.sender().key()).isEqualTo(gateway.receiver().key());
        assertThat(client.receiver().key()).isEqualTo(gateway.sender().key());
        assertThat(gateway.receiver().decryptWithAd(new byte[0], client.sender().encryptWithAd(new byte[0], ascii("up"))))
                .isEqualTo(ascii("up"));
        assertThat(client.receiver().decryptWithAd(new byte[0], gateway.sender().encryptWithAd(new byte[0], ascii("down"))))
                .isEqualTo(ascii("down"));
    }

    @Test
    void wrongPskFailsTheThirdMessageAndAbortsTheHandshake() throws LpProtocolException {
        HandshakeState initiator = initiator(psk);
        HandshakeState responder = responder(bytes(32, 10));
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        byte[] third = initiator.writeMessage(new byte[0]);

        assertFails(() -> responder.readMessage(third), LpError.AEAD_FAILURE);

        assertThat(responder.isComplete()).isFalse();
        assertThat(responder.isMyTurnToWrite()).isFalse();
        assertFails(() -> responder.readMessage(third), LpError.INVALID_STATE);
        assertFails(responder::split, LpError.INVALID_STATE);
    }

    @Test
    void tamperedMessageIsAnAeadFailure() throws LpProtocolException {
        HandshakeState initiator = initiator(psk);
        HandshakeState responder = responder(psk);
        byte[] first = initiator.writeMessage(ascii("one"));
        first[first.length - 1] ^= 1;

        assertFails(() -> responder.readMessage(first), LpError.AEAD_FAILURE);
    }

    @Test
    void initiatorWithTheWrongGatewayKeyIsRefusedAtTheFirstMessage() throws LpProtocolException {
        HandshakeState initiator = HandshakeState.builder(NoiseProtocol.parse(LP_PROTOCOL), true)
                .localStatic(clientStatic)
                .remoteStatic(KeyPair.generate(RANDOM).publicKey())
                .psk(psk)
                .build();

        assertFails(() -> responder(psk).readMessage(initiator.writeMessage(new byte[0])), LpError.AEAD_FAILURE);
    }

    @Test
    void messageShorterThanItsTokensIsBadLength() throws LpProtocolException {
        assertFails(() -> responder(psk).readMessage(new byte[32 + 15]), LpError.BAD_LENGTH);
        assertFails(() -> responder(psk).readMessage(new byte[0]), LpError.BAD_LENGTH);
    }

    @Test
    void messageAboveNoiseMaximumIsBadLength() {
        assertFails(() -> responder(psk).readMessage(new byte[65536]), LpError.BAD_LENGTH);
    }

    @Test
    void oversizedPayloadIsBadLengthAndLeavesTheHandshakeUsable() throws LpProtocolException {
        HandshakeState initiator = initiator(psk);

        assertFails(() -> initiator.writeMessage(new byte[65535 - 48 + 1]), LpError.BAD_LENGTH);

        assertThat(initiator.writeMessage(new byte[65535 - 48])).hasSize(65535);
    }

    @Test
    void writingOrReadingOutOfTurnIsInvalidState() throws LpProtocolException {
        HandshakeState initiator = initiator(psk);
        HandshakeState responder = responder(psk);

        assertFails(() -> responder.writeMessage(new byte[0]), LpError.INVALID_STATE);
        assertFails(() -> initiator.readMessage(new byte[64]), LpError.INVALID_STATE);
        assertThat(responder.readMessage(initiator.writeMessage(new byte[0]))).isEmpty();
    }

    @Test
    void splitIsAllowedOnceAndOnlyAfterTheLastMessage() throws LpProtocolException {
        HandshakeState initiator = initiator(psk);
        HandshakeState responder = responder(psk);
        assertFails(initiator::split, LpError.INVALID_STATE);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        responder.readMessage(initiator.writeMessage(new byte[0]));

        initiator.split();

        assertFails(initiator::split, LpError.INVALID_STATE);
        assertFails(() -> initiator.writeMessage(new byte[0]), LpError.INVALID_STATE);
    }

    @Test
    void oneWayPatternOnlyLetsTheInitiatorSend() throws LpProtocolException {
        NoiseProtocol protocol = NoiseProtocol.parse("Noise_N_25519_ChaChaPoly_BLAKE2s");
        HandshakeState initiator = HandshakeState.builder(protocol, true).remoteStatic(gatewayStatic.publicKey()).build();
        HandshakeState responder = HandshakeState.builder(protocol, false).localStatic(gatewayStatic).build();

        assertThat(responder.readMessage(initiator.writeMessage(ascii("hi")))).isEqualTo(ascii("hi"));
        assertThat(initiator.isComplete()).isTrue();
        TransportState sender = initiator.split();
        TransportState receiver = responder.split();

        assertThat(receiver.receiver().decryptWithAd(new byte[0], sender.sender().encryptWithAd(new byte[0], ascii("x"))))
                .isEqualTo(ascii("x"));
        assertFails(() -> receiver.sender().encryptWithAd(new byte[0], ascii("x")), LpError.INVALID_STATE);
        assertFails(() -> sender.receiver().decryptWithAd(new byte[0], new byte[16]), LpError.INVALID_STATE);
    }

    @Test
    void prologueMismatchFailsTheFirstEncryptedPayload() throws LpProtocolException {
        NoiseProtocol protocol = NoiseProtocol.parse("Noise_NN_25519_ChaChaPoly_SHA256");
        HandshakeState initiator = HandshakeState.builder(protocol, true).prologue(ascii("a")).build();
        HandshakeState responder = HandshakeState.builder(protocol, false).prologue(ascii("b")).build();
        responder.readMessage(initiator.writeMessage(new byte[0]));

        assertFails(() -> initiator.readMessage(responder.writeMessage(new byte[0])), LpError.AEAD_FAILURE);
    }

    @Test
    void fixedEphemeralsMakeHandshakesDeterministic() throws LpProtocolException {
        KeyPair ephemeral = KeyPair.fromPrivate(bytes(32, 3));
        NoiseProtocol protocol = NoiseProtocol.parse("Noise_NN_25519_ChaChaPoly_SHA256");

        byte[] first = HandshakeState.builder(protocol, true).ephemerals(EphemeralKeySource.fixed(ephemeral)).build()
                .writeMessage(new byte[0]);
        byte[] second = HandshakeState.builder(protocol, true).ephemerals(EphemeralKeySource.fixed(ephemeral)).build()
                .writeMessage(new byte[0]);

        assertThat(first).isEqualTo(second).isEqualTo(ephemeral.publicKey());
    }

    @Test
    void builderRequiresExactlyTheKeysThePatternUses() throws LpProtocolException {
        NoiseProtocol xkPsk3 = NoiseProtocol.parse(LP_PROTOCOL);
        NoiseProtocol nn = NoiseProtocol.parse("Noise_NN_25519_ChaChaPoly_SHA256");

        assertFails(() -> HandshakeState.builder(xkPsk3, true).remoteStatic(gatewayStatic.publicKey()).psk(psk).build(),
                LpError.INVALID_KEY);
        assertFails(() -> HandshakeState.builder(xkPsk3, true).localStatic(clientStatic).psk(psk).build(),
                LpError.INVALID_KEY);
        assertFails(() -> HandshakeState.builder(xkPsk3, false).localStatic(gatewayStatic).build(),
                LpError.INVALID_KEY);
        assertFails(() -> HandshakeState.builder(xkPsk3, false).localStatic(gatewayStatic).psk(psk).psk(psk).build(),
                LpError.INVALID_KEY);
        assertFails(() -> HandshakeState.builder(xkPsk3, false).localStatic(gatewayStatic).psk(new byte[31]).build(),
                LpError.INVALID_KEY);
        assertFails(() -> HandshakeState.builder(xkPsk3, false).localStatic(gatewayStatic)
                .remoteStatic(clientStatic.publicKey()).psk(psk).build(), LpError.INVALID_KEY);
        assertFails(() -> HandshakeState.builder(xkPsk3, true).localStatic(clientStatic).remoteStatic(new byte[31])
                .psk(psk).build(), LpError.INVALID_KEY);
        assertFails(() -> HandshakeState.builder(nn, true).localStatic(clientStatic).build(), LpError.INVALID_KEY);
    }

    @Test
    void exhaustedFixedEphemeralSourceFailsTheHandshake() throws LpProtocolException {
        HandshakeState initiator = HandshakeState.builder(NoiseProtocol.parse("Noise_NN_25519_ChaChaPoly_SHA256"), true)
                .ephemerals(EphemeralKeySource.fixed())
                .build();

        assertThatThrownBy(() -> initiator.writeMessage(new byte[0])).isInstanceOf(IllegalStateException.class);
        assertFails(() -> initiator.writeMessage(new byte[0]), LpError.INVALID_STATE);
    }

    @Test
    void keyPairDerivesTheRfc7748PublicKey() {
        // RFC 7748 §6.1, Alice.
        KeyPair alice = KeyPair.fromPrivate(HexFormat.of()
                .parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));

        assertThat(HexFormat.of().formatHex(alice.publicKey()))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(alice.toString()).doesNotContain("77076d0a");
    }
}
