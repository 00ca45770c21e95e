package io.lpreg.protocol.v3.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lpreg.protocol.LpProtocolException;

/**
 * One Jazzer target per wire v3 decoder, as {@code protocol/fuzz/DecoderFuzzTest} does for v1/v2: under
 * {@code ./mvnw verify} each runs as a regression test, with {@code JAZZER_FUZZ=1} it fuzzes. Only
 * {@link LpProtocolException} may come out. {@link V3DecoderMutationTest} runs the same decoders over
 * random bytes and mutated honest messages on every build.
 */
class V3DecoderFuzzTest {
    private static final V3Decoders.Honest HONEST = V3Decoders.Honest.run();

    private static void run(V3Decoders.Decoder decoder, byte[] input) {
        try {
            decoder.decode(input);
        } catch (LpProtocolException expected) {
            // refused input is the point
        }
    }

    @FuzzTest(maxDuration = "30s")
    void kktRequest(byte[] input) {
        run(V3Decoders::kktRequest, input);
    }

    @FuzzTest(maxDuration = "30s")
    void kktResponse(byte[] input) {
        run(V3Decoders::kktResponse, input);
    }

    @FuzzTest(maxDuration = "30s")
    void kktContext(byte[] input) {
        run(V3Decoders::kktContext, input);
    }

    @FuzzTest(maxDuration = "30s")
    void peerConfig(byte[] input) {
        run(V3Decoders::peerConfig, input);
    }

    @FuzzTest(maxDuration = "30s")
    void psqMsg1(byte[] input) {
        run(in -> V3Decoders.msg1(HONEST, in), input);
    }

    @FuzzTest(maxDuration = "30s")
    void psqMsg2(byte[] input) {
        run(in -> V3Decoders.msg2(HONEST, in), input);
    }

    @FuzzTest(maxDuration = "30s")
    void transportPacket(byte[] input) {
        run(in -> V3Decoders.transportPacket(HONEST, in), input);
    }

    @FuzzTest(maxDuration = "30s")
    void transportStream(byte[] input) {
        run(V3Decoders::transportStream, input);
    }

    @FuzzTest(maxDuration = "30s")
    void frame(byte[] input) {
        run(V3Decoders::frame, input);
    }

    @FuzzTest(maxDuration = "30s")
    void registrationRequest(byte[] input) {
        run(V3Decoders::registrationRequest, input);
    }

    @FuzzTest(maxDuration = "30s")
    void registrationResponse(byte[] input) {
        run(V3Decoders::registrationResponse, input);
    }

    @FuzzTest(maxDuration = "30s")
    void credentialLpVarint(byte[] input) {
        run(V3Decoders::credentialLpVarint, input);
    }
}
