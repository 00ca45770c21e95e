package io.lpreg.plugin.wireguard.linux;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class AddressTextTest {
    @ParameterizedTest
    @CsvSource({
            "fd00:0:0:0:0:0:0:2, fd00::2",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "fd00:0:0:1:0:0:0:ffff, fd00:0:0:1::ffff",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "fd00:0:0:0:1:0:0:0, fd00::1:0:0:0",
            "10.1.0.2, 10.1.0.2"})
    void writesAddressesInTheirShortForm(String address, String expected) throws Exception {
        assertThat(AddressText.of(InetAddress.getByName(address))).isEqualTo(expected);
    }
}
