package io.lpreg.cli;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class ClientOutputTest {
    @Test
    void ipv6AddressesPrintInTheirShortForm() throws Exception {
        assertThat(ClientOutput.text(InetAddress.getByName("fd00:0:0:0:0:0:0:2"))).isEqualTo("fd00::2");
        assertThat(ClientOutput.text(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(ClientOutput.text(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(ClientOutput.text(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(ClientOutput.text(InetAddress.getByName("fd00::1:0"))).isEqualTo("fd00::1:0");
        assertThat(ClientOutput.text(InetAddress.getByName("1:2:3:4:5:6:7:8"))).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(ClientOutput.text(InetAddress.getByName("10.1.0.2"))).isEqualTo("10.1.0.2");
    }
}
