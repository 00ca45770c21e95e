package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoiseProtocolTest {
    @Test
    void parsesTheLpProtocolName() throws LpProtocolException {
        NoiseProtocol protocol = NoiseProtocol.parse("Noise_XKpsk3_25519_ChaChaPoly_SHA256");

        assertThat(protocol.name()).isEqualTo("Noise_XKpsk3_25519_ChaChaPoly_SHA256");
        assertThat(protocol.pattern().name()).isEqualTo("XKpsk3");
        assertThat(protocol.dhName()).isEqualTo("25519");
        assertThat(protocol.cipherName()).isEqualTo("ChaChaPoly");
        assertThat(protocol.hashName()).isEqualTo("SHA256");
        assertThat(NoiseProtocol.isSupported(protocol.name())).isTrue();
    }

    @Test
    void supportsBlake2s() throws LpProtocolException {
        assertThat(NoiseProtocol.parse("Noise_NNpsk0+psk2_25519_ChaChaPoly_BLAKE2s").hashName()).isEqualTo("BLAKE2s");
    }

    @ParameterizedTest
    @CsvSource({
            "Noise_XX_448_ChaChaPoly_SHA256, 448",
            "Noise_XX_25519_AESGCM_SHA256, AESGCM",
            "Noise_XX_25519_ChaChaPoly_SHA512, SHA512",
            "Noise_XX_25519_ChaChaPoly_BLAKE2b, BLAKE2b"})
    void reportsTheSpecsOtherPrimitivesAsUnsupported(String name, String primitive) {
        assertThat(NoiseProtocol.isSupported(name)).isFalse();
        assertThat(NoiseProtocol.unsupportedPrimitive(name)).contains(primitive);
        assertThatThrownBy(() -> NoiseProtocol.parse(name))
                .isInstanceOfSatisfying(LpProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(LpError.MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Noise", "Noise_XK_25519_ChaChaPoly", "Noise_XK_25519_ChaChaPoly_SHA256_extra",
            "Noisy_XK_25519_ChaChaPoly_SHA256", "Noise_QQ_25519_ChaChaPoly_SHA256", "Noise_XK_25519_Foo_SHA256",
            "Noise_XK_25519_ChaChaPoly_MD5", "Noise_XKpsk9_448_ChaChaPoly_SHA256"})
    void rejectsMalformedNamesWithoutCallingThemUnsupported(String name) {
        assertThat(NoiseProtocol.isSupported(name)).isFalse();
        assertThat(NoiseProtocol.unsupportedPrimitive(name)).isEmpty();
        assertThatThrownBy(() -> NoiseProtocol.parse(name))
                .isInstanceOfSatisfying(LpProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(LpError.MALFORMED));
    }

    @Test
    void supportedNameHasNoUnsupportedPrimitive() {
        assertThat(NoiseProtocol.unsupportedPrimitive("Noise_NN_25519_ChaChaPoly_SHA256")).isEmpty();
    }

    @Test
    void protocolsWithTheSameNameAreEqual() throws LpProtocolException {
        assertThat(NoiseProtocol.parse("Noise_NN_25519_ChaChaPoly_SHA256"))
                .isEqualTo(NoiseProtocol.parse("Noise_NN_25519_ChaChaPoly_SHA256"))
                .hasToString("Noise_NN_25519_ChaChaPoly_SHA256");
    }
}
