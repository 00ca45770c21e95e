package io.lpreg.protocol.v3.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.protocol.LpProtocolException;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** NIST ACVP ML-KEM-768 vectors (kat/mlkem768-acvp.json) on the BouncyCastle backend wire v3 uses. */
class MlKem768KnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void keyGenerationFromDAndZGivesNistsKeys() throws Exception {
        for (JsonNode test : vectors().path("keygen")) {
            MlKem768.KeyPair pair = MlKem768.fromSeed(HEX.parseHex(test.path("d").asText() + test.path("z").asText()));
            assertThat(HEX.formatHex(pair.encapsulationKey())).as("tcId %s", test.path("tcId")).isEqualToIgnoringCase(test.path("ek").asText());
            assertThat(HEX.formatHex(pair.decapsulationKey())).as("tcId %s", test.path("tcId")).isEqualToIgnoringCase(test.path("dk").asText());
        }
    }

    @Test
    void encapsulationFromMGivesNistsCiphertextAndSecret() throws Exception {
        for (JsonNode test : vectors().path("encapsulation")) {
            MlKem768.Encapsulation result = MlKem768.encapsulate(hex(test, "ek"), hex(test, "m"));
            assertThat(result.ciphertext()).as("tcId %s", test.path("tcId")).isEqualTo(hex(test, "c"));
            assertThat(result.sharedSecret()).as("tcId %s", test.path("tcId")).isEqualTo(hex(test, "k"));
        }
    }

    @Test
    void decapsulationGivesNistsSecretIncludingImplicitRejection() throws Exception {
        for (JsonNode test : vectors().path("decapsulation")) {
            MlKem768.KeyPair pair = MlKem768.fromDecapsulationKey(hex(test, "dk"));
            assertThat(pair.decapsulate(hex(test, "c"))).as("tcId %s", test.path("tcId")).isEqualTo(hex(test, "k"));
        }
    }

    @Test
    void encapsulationKeyCheckRefusesWhatNistRefuses() throws Exception {
        for (JsonNode test : vectors().path("encapsulationKeyCheck")) {
            byte[] ek = hex(test, "ek");
            if (test.path("valid").asBoolean()) {
                assertThatNoException().as("tcId %s", test.path("tcId")).isThrownBy(() -> MlKem768.checkEncapsulationKey(ek));
            } else {
                assertThatThrownBy(() -> MlKem768.checkEncapsulationKey(ek)).as("tcId %s", test.path("tcId"))
                        .isInstanceOf(LpProtocolException.class);
            }
        }
    }

    @Test
    void encapsulationAndDecapsulationAgree() throws Exception {
        MlKem768.KeyPair pair = MlKem768.fromSeed(new byte[64]);
        MlKem768.Encapsulation result = MlKem768.encapsulate(pair.encapsulationKey(), new byte[32]);
        assertThat(pair.decapsulate(result.ciphertext())).isEqualTo(result.sharedSecret());
    }

    private static byte[] hex(JsonNode test, String field) {
        return HEX.parseHex(test.path(field).asText());
    }

    private static JsonNode vectors() throws Exception {
        try (InputStream in = MlKem768KnownAnswerTest.class.getResourceAsStream("/kat/mlkem768-acvp.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
