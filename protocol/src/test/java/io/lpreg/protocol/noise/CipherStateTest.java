package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CipherStateTest {
    private static final byte[] AD = {1, 2, 3};
    private static final byte[] PLAINTEXT = "hello".getBytes();

    private static CipherState keyed(int fill) {
        CipherState state = new CipherState();
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        state.initializeKey(key);
        return state;
    }

    private static void assertFails(ThrowingCall call, LpError error) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(LpProtocolException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void roundTripsAndAdvancesBothNonces() throws LpProtocolException {
        CipherState sender = keyed(7);
        CipherState receiver = keyed(7);

        byte[] ciphertext = sender.encryptWithAd(AD, PLAINTEXT);

        assertThat(ciphertext).hasSize(PLAINTEXT.length + CipherState.TAG_LENGTH);
        assertThat(receiver.decryptWithAd(AD, ciphertext)).isEqualTo(PLAINTEXT);
        assertThat(sender.nonce()).isEqualTo(1);
        assertThat(receiver.nonce()).isEqualTo(1);
    }

    @Test
    void nonceIsFourZeroBytesThenTheCounterLittleEndian() throws Exception {
        CipherState state = keyed(7);
        state.setNonce(0x0102030405060708L);

        byte[] ciphertext = state.encryptWithAd(AD, PLAINTEXT);

        ChaCha20Poly1305 reference = new ChaCha20Poly1305();
        reference.init(true, new AEADParameters(new KeyParameter(keyed(7).key()), 128,
                HexFormat.of().parseHex("000000000807060504030201"), AD));
        byte[] expected = new byte[PLAINTEXT.length + 16];
        reference.doFinal(expected, reference.processBytes(PLAINTEXT, 0, PLAINTEXT.length, expected, 0));
        assertThat(ciphertext).isEqualTo(expected);
    }

    @Test
    void failedDecryptLeavesTheNonceUnchanged() throws LpProtocolException {
        CipherState sender = keyed(7);
        CipherState receiver = keyed(7);
        byte[] ciphertext = sender.encryptWithAd(AD, PLAINTEXT);
        byte[] tampered = ciphertext.clone();
        tampered[0] ^= 1;

        assertFails(() -> receiver.decryptWithAd(AD, tampered), LpError.AEAD_FAILURE);
        assertFails(() -> receiver.decryptWithAd(new byte[0], ciphertext), LpError.AEAD_FAILURE);

        assertThat(receiver.nonce()).isZero();
        assertThat(receiver.decryptWithAd(AD, ciphertext)).isEqualTo(PLAINTEXT);
    }

    @Test
    void wrongKeyIsAnAeadFailure() throws LpProtocolException {
        byte[] ciphertext = keyed(7).encryptWithAd(AD, PLAINTEXT);

        assertFails(() -> keyed(8).decryptWithAd(AD, ciphertext), LpError.AEAD_FAILURE);
    }

    @Test
    void ciphertextShorterThanTheTagIsBadLength() {
        assertFails(() -> keyed(7).decryptWithAd(AD, new byte[15]), LpError.BAD_LENGTH);
    }

    @Test
    void messagesAboveNoiseMaximumAreBadLength() {
        assertFails(() -> keyed(7).encryptWithAd(AD, new byte[65535 - 15]), LpError.BAD_LENGTH);
        assertFails(() -> keyed(7).decryptWithAd(AD, new byte[65536]), LpError.BAD_LENGTH);
    }

    @Test
    void largestPlaintextFillsExactlyOneNoiseMessage() throws LpProtocolException {
        assertThat(keyed(7).encryptWithAd(AD, new byte[65535 - 16])).hasSize(65535);
    }

    @Test
    void nonceTwoToTheSixtyFourMinusOneIsReserved() throws LpProtocolException {
        CipherState sender = keyed(7);
        sender.setNonce(-2L);

        sender.encryptWithAd(AD, PLAINTEXT);

        assertThat(Long.toUnsignedString(sender.nonce())).isEqualTo("18446744073709551615");
        assertFails(() -> sender.encryptWithAd(AD, PLAINTEXT), LpError.INVALID_STATE);
        CipherState receiver = keyed(7);
        receiver.setNonce(-1L);
        assertFails(() -> receiver.decryptWithAd(AD, new byte[32]), LpError.INVALID_STATE);
    }

    @Test
    void encryptingTwiceUnderOneNonceIsRefused() throws LpProtocolException {
        CipherState sender = keyed(7);
        sender.encryptWithAd(AD, PLAINTEXT);
        sender.setNonce(0);

        assertFails(() -> sender.encryptWithAd(AD, PLAINTEXT), LpError.INVALID_STATE);
    }

    @Test
    void withoutAKeyPassesBytesThroughAndKeepsNonceAtZero() throws LpProtocolException {
        CipherState state = new CipherState();

        assertThat(state.hasKey()).isFalse();
        assertThat(state.key()).isNull();
        assertThat(state.encryptWithAd(AD, PLAINTEXT)).isEqualTo(PLAINTEXT);
        assertThat(state.decryptWithAd(AD, PLAINTEXT)).isEqualTo(PLAINTEXT);
        assertThat(state.nonce()).isZero();
    }

    @Test
    void keyReturnsACopy() {
        CipherState state = keyed(7);
        state.key()[0] = 0;

        assertThat(state.key()[0]).isEqualTo((byte) 7);
    }

    @Test
    void rekeyChangesTheKeyButNotTheNonceOnBothSidesAlike() throws LpProtocolException {
        CipherState sender = keyed(7);
        CipherState receiver = keyed(7);
        sender.encryptWithAd(AD, PLAINTEXT);
        receiver.setNonce(1);

        sender.rekey();
        receiver.rekey();

        assertThat(sender.key()).isNotEqualTo(keyed(7).key()).isEqualTo(receiver.key());
        assertThat(sender.nonce()).isEqualTo(1);
        assertThat(receiver.decryptWithAd(AD, sender.encryptWithAd(AD, PLAINTEXT))).isEqualTo(PLAINTEXT);
    }

    @Test
    void unusedDirectionRefusesEverything() {
        CipherState unused = CipherState.unused("one-way");

        assertFails(() -> unused.encryptWithAd(AD, PLAINTEXT), LpError.INVALID_STATE);
        assertFails(() -> unused.decryptWithAd(AD, PLAINTEXT), LpError.INVALID_STATE);
    }
}
