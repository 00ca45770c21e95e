package io.lpreg.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireGuardKeyTest {
    @Test
    void aKeyIsThirtyTwoBytesWrittenAsWgWritesIt() {
        byte[] bytes = new byte[32];
        bytes[0] = 1;
        bytes[31] = (byte) 0xff;
        WireGuardKey key = new WireGuardKey(bytes);

        assertThat(key.base64()).isEqualTo("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP8=");
        assertThat(WireGuardKey.fromBase64(key.base64())).isEqualTo(key);
        assertThat(key.hex()).isEqualTo("01" + "00".repeat(30) + "ff");
        assertThatThrownBy(() -> new WireGuardKey(new byte[31])).hasMessage("a WireGuard key is 32 bytes, got 31");
    }

    @Test
    void theKeyCannotBeChangedThroughItsBytes() {
        byte[] bytes = new byte[32];
        WireGuardKey key = new WireGuardKey(bytes);
        bytes[0] = 7;
        key.bytes()[1] = 7;

        assertThat(key.bytes()).isEqualTo(new byte[32]);
    }
}
