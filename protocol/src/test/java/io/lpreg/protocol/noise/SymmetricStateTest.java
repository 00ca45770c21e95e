package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymmetricStateTest {
    private static NoiseProtocol protocol(String name) throws LpProtocolException {
        return NoiseProtocol.parse(name);
    }

    @Test
    void nameOfAtMostHashLengthIsPaddedWithZeros() throws LpProtocolException {
        SymmetricState state = new SymmetricState(protocol("Noise_NN_25519_ChaChaPoly_SHA256"));

        byte[] expected = Arrays.copyOf("Noise_NN_25519_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII), 32);
        assertThat(state.handshakeHash()).isEqualTo(expected);
    }

    @Test
    void longerNameIsHashed() throws Exception {
        String name = "Noise_XKpsk3_25519_ChaChaPoly_SHA256";
        SymmetricState state = new SymmetricState(protocol(name));

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.US_ASCII));
        assertThat(state.handshakeHash()).isEqualTo(expected);
    }

    @Test
    void failedDecryptAndHashChangesNeitherHNorTheNonce() throws LpProtocolException {
        NoiseProtocol protocol = protocol("Noise_NN_25519_ChaChaPoly_SHA256");
        SymmetricState writer = new SymmetricState(protocol);
        SymmetricState reader = new SymmetricState(protocol);
        writer.mixKey(new byte[32]);
        reader.mixKey(new byte[32]);
        byte[] ciphertext = writer.encryptAndHash("payload".getBytes(StandardCharsets.US_ASCII));
        byte[] tampered = ciphertext.clone();
        tampered[tampered.length - 1] ^= 1;
        byte[] hashBefore = reader.handshakeHash();

        assertThatThrownBy(() -> reader.decryptAndHash(tampered))
                .isInstanceOfSatisfying(LpProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(LpError.AEAD_FAILURE));

        assertThat(reader.handshakeHash()).isEqualTo(hashBefore);
        assertThat(reader.decryptAndHash(ciphertext)).asString(StandardCharsets.US_ASCII).isEqualTo("payload");
        assertThat(reader.handshakeHash()).isEqualTo(writer.handshakeHash());
    }

    @Test
    void splitGivesTheSameTwoKeysToBothSides() throws LpProtocolException {
        NoiseProtocol protocol = protocol("Noise_NN_25519_ChaChaPoly_BLAKE2s");
        SymmetricState one = new SymmetricState(protocol);
        SymmetricState two = new SymmetricState(protocol);
        one.mixKey(new byte[32]);
        two.mixKey(new byte[32]);

        CipherState[] first = one.split();
        CipherState[] second = two.split();

        assertThat(first[0].key()).isEqualTo(second[0].key()).isNotEqualTo(first[1].key());
        assertThat(first[1].key()).isEqualTo(second[1].key());
    }
}
