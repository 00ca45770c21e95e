package io.lpreg.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.bincode.BincodeReader;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.RegistrationCodec;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.ClientHello;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

/**
 * One fuzz target per decoder. Under {@code ./mvnw verify} each runs as a regression test over its seed
 * corpus ({@code src/test/resources/io/lpreg/protocol/fuzz/DecoderFuzzTestInputs/<method>/}); with
 * {@code JAZZER_FUZZ=1} it fuzzes for real (README, "Fuzzing"). The property under test: the only exception
 * a decoder throws is {@link LpProtocolException}; anything else escapes and Jazzer reports it.
 */
class DecoderFuzzTest {
    private static final KeyPair GATEWAY_KEY = KeyPair.fromPrivate(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    @FuzzTest(maxDuration = "30s")
    void frameDecoder(byte[] input) {
        LpFraming.Decoder decoder = new LpFraming.Decoder();
        int split = input.length == 0 ? 0 : (input[0] & 0xff) % (input.length + 1);
        try {
            decoder.feed(Arrays.copyOfRange(input, 0, split));
            decoder.feed(Arrays.copyOfRange(input, split, input.length));
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
        try {
            LpFraming.unframe(input);
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    @FuzzTest(maxDuration = "30s")
    void packet(byte[] input) {
        try {
            LpPacket packet = LpPacket.decode(input);
            packet.encode();
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    @FuzzTest(maxDuration = "30s")
    void clientHello(byte[] input) {
        try {
            ClientHello.decode(input).timestamp();
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    @FuzzTest(maxDuration = "30s")
    void registrationRequestV1(byte[] input) {
        try {
            RegistrationCodec.decodeRequest(input, WireVersion.V1);
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    @FuzzTest(maxDuration = "30s")
    void registrationRequestV2(byte[] input) {
        try {
            RegistrationCodec.decodeRequest(input, WireVersion.V2);
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    @FuzzTest(maxDuration = "30s")
    void registrationResponse(byte[] input) {
        try {
            RegistrationCodec.decodeResponse(input);
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    @FuzzTest(maxDuration = "30s")
    void credentialToBytes(byte[] input) {
        try {
            CredentialCodec.fromBytes(input);
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    @FuzzTest(maxDuration = "30s")
    void credentialBincode(byte[] input) {
        try {
            CredentialCodec.decodeBincode(new BincodeReader(input));
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    /** A gateway session fed a stream of frames: each refusal is a protocol error, never a crash. */
    @FuzzTest(maxDuration = "30s")
    void responderSession(byte[] input) {
        LpSession session = LpSession.responder(GATEWAY_KEY, TimestampWindow.defaults(),
                EphemeralKeySource.random(new SecureRandom()));
        LpFraming.Decoder decoder = new LpFraming.Decoder();
        try {
            for (byte[] packet : decoder.feed(input)) {
                try {
                    session.receive(packet, Instant.ofEpochSecond(1_762_819_200L));
                } catch (LpProtocolException expected) {
                    // the session decides whether it can go on; the next packet tests that
                }
            }
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }
}
