package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.IpPair;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpPoolTest {
    private static final IpPool DEFAULT = new IpPool(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("fd00::/112"));

    @Test
    void theDefaultPoolExcludesNetworkGatewayAndBroadcast() {
        // 65 536 IPv4 addresses minus network, gateway, broadcast; the IPv6 /112 has one more usable host
        assertThat(DEFAULT.size()).isEqualTo(65_533);
        assertThat(DEFAULT.gatewayPair()).hasToString("10.1.0.1/fd00:0:0:0:0:0:0:1");
        assertThat(DEFAULT.pair(0)).isEqualTo(pair("10.1.0.2", "fd00::2"));
        assertThat(DEFAULT.pair(253)).isEqualTo(pair("10.1.0.255", "fd00::ff"));
        assertThat(DEFAULT.pair(65_532)).isEqualTo(pair("10.1.255.254", "fd00::fffe"));
        assertThatThrownBy(() -> DEFAULT.pair(65_533)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slotsAndPairsMapBothWays() {
        for (long slot : new long[] {0, 1, 254, 255, 4242, 65_532}) {
            assertThat(DEFAULT.slotOf(DEFAULT.pair(slot))).contains(slot);
        }
    }

    @Test
    void pairsNotHandedOutByThePoolHaveNoSlot() {
        assertThat(DEFAULT.slotOf(DEFAULT.gatewayPair())).isEmpty();
        assertThat(DEFAULT.slotOf(pair("10.1.0.0", "fd00::"))).isEmpty();
        assertThat(DEFAULT.slotOf(pair("10.1.255.255", "fd00::ffff"))).isEmpty();
        assertThat(DEFAULT.slotOf(pair("10.1.0.2", "fd00::3"))).as("mismatched halves").isEmpty();
        assertThat(DEFAULT.slotOf(pair("10.2.0.2", "fd00::2"))).as("outside the prefix").isEmpty();
    }

    @Test
    void theSmallerUsableRangeSetsTheSize() {
        assertThat(new IpPool(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("fd00::/120")).size()).isEqualTo(254);
        assertThat(new IpPool(IpPrefix.parse("10.0.0.0/29"), IpPrefix.parse("fd00::/64")).size()).isEqualTo(5);
        assertThat(new IpPool(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("fd00::/64")).size()).isEqualTo((1L << 24) - 3);
    }

    @Test
    void aPrefixWithoutRoomForAClientIsRefused() {
        assertThatThrownBy(() -> new IpPool(IpPrefix.parse("10.0.0.0/31"), IpPrefix.parse("fd00::/112")))
                .hasMessageContaining("leaves no client address");
        assertThatThrownBy(() -> new IpPool(IpPrefix.parse("10.0.0.0/16"), IpPrefix.parse("fd00::/127")))
                .hasMessageContaining("leaves no client address");
    }

    static IpPair pair(String ipv4, String ipv6) {
        try {
            return new IpPair((Inet4Address) InetAddress.getByName(ipv4), (Inet6Address) InetAddress.getByName(ipv6));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
