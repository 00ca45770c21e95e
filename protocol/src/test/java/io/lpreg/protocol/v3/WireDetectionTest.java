package io.lpreg.protocol.v3;

import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class WireDetectionTest {

    @Test
    void transcriptKktRequestIsReadAsKkt() {
        byte[] request = NymTranscript.load().message(1);
        assertThat(WireDetection.classify(Arrays.copyOf(request, 12))).isEqualTo(WireDetection.Wire.KKT);
    }

    @Test
    void e2FramedFirstPacketsAreReadAsE2ForBothVersions() {
        for (WireVersion version : WireVersion.values()) {
            for (int contentLength : new int[] {0, 1, 80, LpPacket.MAX_CONTENT}) {
                byte[] frame = LpFraming.frame(new LpPacket(version, 0, 0, MessageType.CLIENT_HELLO, new byte[contentLength]).encode());
                assertThat(WireDetection.classify(Arrays.copyOf(frame, 12))).as("%s, %d bytes", version, contentLength)
                        .isEqualTo(WireDetection.Wire.E2_FRAMED);
            }
        }
    }

    @Test
    void randomKktRequestsAreNeverReadAsE2() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair gateway = KeyPair.generate(random);
        for (int i = 0; i < 2_000; i++) {
            ClientHandshake client = ClientHandshake.start(KeyPair.generate(random), gateway.publicKey(), new byte[32],
                    Randomness.of(random));
            assertThat(WireDetection.classify(Arrays.copyOf(client.kktRequest(), 12))).isEqualTo(WireDetection.Wire.KKT);
        }
    }
}
