package io.lpreg.plugin.wireguard.linux;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class WireGuardPrivateKeyTest {
    @Test
    void derivesThePublicKeyOfRfc7748sAlice() {
        WireGuardPrivateKey alice = WireGuardPrivateKey.fromHex(
                "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

        assertThat(alice.publicKey().hex()).isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    }

    @Test
    void generatesKeysClampedLikeWgGenkey() {
        byte[] key = HexFormat.of().parseHex(WireGuardPrivateKey.generate().hex());

        assertThat(key[0] & 7).isZero();
        assertThat(key[31] & 0x80).isZero();
        assertThat(key[31] & 0x40).isEqualTo(0x40);
    }

    @Test
    void readsItsOwnBase64() {
        WireGuardPrivateKey key = WireGuardPrivateKey.generate();

        assertThat(WireGuardPrivateKey.fromBase64(key.base64() + "\n")).isEqualTo(key);
    }

    @Test
    void neverPrintsThePrivateKey() {
        WireGuardPrivateKey key = WireGuardPrivateKey.generate();

        assertThat(key.toString()).doesNotContain(key.base64()).doesNotContain(key.hex())
                .contains(key.publicKey().base64());
    }
}
