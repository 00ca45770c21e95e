package io.lpreg.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpPairTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // §4.2.1: :: shortens as much as possible
            "fd00:0:0:0:0:0:0:2, fd00::2",
            "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "fd00:0:1:0:0:0:0:0, fd00:0:1::",
            // §4.2.2: a single 16-bit zero field is not shortened
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "1:0:3:4:5:6:7:8, 1:0:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            // §4.2.3: the longest run is shortened; of equal runs, the first
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "fd00:0:0:1:0:0:0:ffff, fd00:0:0:1::ffff",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "fd00:0:0:0:1:0:0:0, fd00::1:0:0:0",
            // §4.1: no leading zeros; §4.3: lower case
            "2001:0DB8:00AB:0000:0000:0000:0000:0001, 2001:db8:ab::1",
            "FD00:0:0:0:0:0:0:ABCD, fd00::abcd",
            // IPv4 stays dotted; the JDK makes an IPv4-mapped address an Inet4Address
            "10.1.0.2, 10.1.0.2",
            "::ffff:192.0.2.1, 192.0.2.1"})
    void writesAddressesInTheRfc5952Form(String address, String expected) throws Exception {
        assertThat(IpPair.text(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void bothAddressesAreRequired() throws Exception {
        Inet4Address ipv4 = (Inet4Address) InetAddress.getByName("10.1.0.2");
        Inet6Address ipv6 = (Inet6Address) InetAddress.getByName("fd00::2");

        assertThatThrownBy(() -> new IpPair(null, ipv6)).isInstanceOf(NullPointerException.class).hasMessage("ipv4 is null");
        assertThatThrownBy(() -> new IpPair(ipv4, null)).isInstanceOf(NullPointerException.class).hasMessage("ipv6 is null");
        assertThat(new IpPair(ipv4, ipv6)).isEqualTo(new IpPair(ipv4, ipv6));
    }
}
