package io.lpreg.protocol.v3.fuzz;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.v3.registration.NymRegistrationCodec;
import io.lpreg.protocol.v3.registration.NymRegistrationRequest;
import io.lpreg.protocol.v3.registration.NymRegistrationResponse;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random bytes, truncations and bit flips of honest messages through every v3 decoder: only protocol refusals. */
class V3DecoderMutationTest {
    private static final int ROUNDS = 300;

    @Test
    void everyDecoderRefusesGarbageWithItsOwnException() {
        V3Decoders.Honest honest = V3Decoders.Honest.run();
        byte[] request = NymRegistrationCodec.encodeRequest(new NymRegistrationRequest.InitialRequest(new byte[32], new byte[32], 1_778_900_000L));
        byte[] response = NymRegistrationCodec.encodeResponse(new NymRegistrationResponse.Failed(NymRegistrationResponse.INVALID_TIMESTAMP));

        Map<String, Object[]> targets = new LinkedHashMap<>();
        targets.put("kktRequest", new Object[] {(V3Decoders.Decoder) V3Decoders::kktRequest, honest.kktRequest()});
        targets.put("kktResponse", new Object[] {(V3Decoders.Decoder) V3Decoders::kktResponse, honest.kktResponse()});
        targets.put("kktContext", new Object[] {(V3Decoders.Decoder) V3Decoders::kktContext, new byte[] {0x10, 0, 1, 0, 0, 0, 0}});
        targets.put("peerConfig", new Object[] {(V3Decoders.Decoder) V3Decoders::peerConfig, new byte[20]});
        targets.put("msg1", new Object[] {(V3Decoders.Decoder) in -> V3Decoders.msg1(honest, in), honest.msg1()});
        targets.put("msg2", new Object[] {(V3Decoders.Decoder) in -> V3Decoders.msg2(honest, in), honest.msg2()});
        targets.put("transportPacket", new Object[] {(V3Decoders.Decoder) in -> V3Decoders.transportPacket(honest, in), honest.clientPacket()});
        targets.put("transportStream", new Object[] {(V3Decoders.Decoder) V3Decoders::transportStream, honest.gatewayPacket()});
        targets.put("frame", new Object[] {(V3Decoders.Decoder) V3Decoders::frame, new byte[18]});
        targets.put("registrationRequest", new Object[] {(V3Decoders.Decoder) V3Decoders::registrationRequest, request});
        targets.put("registrationResponse", new Object[] {(V3Decoders.Decoder) V3Decoders::registrationResponse, response});
        targets.put("credentialLpVarint", new Object[] {(V3Decoders.Decoder) V3Decoders::credentialLpVarint, request});

        Random random = new Random(28);
        for (Map.Entry<String, Object[]> target : targets.entrySet()) {
            V3Decoders.Decoder decoder = (V3Decoders.Decoder) target.getValue()[0];
            byte[] honestInput = (byte[]) target.getValue()[1];
            int refused = 0;
            for (int round = 0; round < ROUNDS; round++) {
                byte[] input = switch (round % 3) {
                    case 0 -> randomBytes(random, honestInput.length);
                    case 1 -> Arrays.copyOf(honestInput, random.nextInt(honestInput.length + 1));
                    default -> flipped(random, honestInput);
                };
                try {
                    decoder.decode(input);
                } catch (LpProtocolException e) {
                    refused++;
                } catch (RuntimeException e) {
                    throw new AssertionError(target.getKey() + " threw " + e + " on " + java.util.HexFormat.of().formatHex(input), e);
                }
            }
            assertThat(refused).as(target.getKey()).isPositive();
        }
    }

    private static byte[] randomBytes(Random random, int around) {
        byte[] out = new byte[random.nextInt(Math.max(2, around * 2))];
        random.nextBytes(out);
        return out;
    }

    private static byte[] flipped(Random random, byte[] input) {
        byte[] out = input.clone();
        if (out.length > 0) {
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return out;
    }
}
