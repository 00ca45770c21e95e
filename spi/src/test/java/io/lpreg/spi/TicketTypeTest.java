package io.lpreg.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketTypeTest {
    @Test
    void wireCodesAreNymsVariantIndices() {
        // LP-WIRE.md §A.6.1: the bincode u32 variant index of Nym's TicketType, in this order
        assertThat(TicketType.MIXNET_ENTRY.index()).isZero();
        assertThat(TicketType.MIXNET_EXIT.index()).isEqualTo(1);
        assertThat(TicketType.WIREGUARD_ENTRY.index()).isEqualTo(2);
        assertThat(TicketType.WIREGUARD_EXIT.index()).isEqualTo(3);
        for (TicketType type : TicketType.values()) {
            assertThat(TicketType.fromIndex(type.index())).isSameAs(type);
        }
    }

    @Test
    void anUnknownWireCodeIsRefused() {
        assertThatThrownBy(() -> TicketType.fromIndex(4)).hasMessage("unknown ticket type 4");
        assertThatThrownBy(() -> TicketType.fromIndex(-1)).hasMessage("unknown ticket type 4294967295");
    }

    @Test
    void oneTicketBuysTheBandwidthOfEcashSection1() {
        assertThat(TicketType.MIXNET_ENTRY.bandwidthBytes()).isEqualTo(200_000_000L);
        assertThat(TicketType.MIXNET_EXIT.bandwidthBytes()).isEqualTo(100_000_000L);
        assertThat(TicketType.WIREGUARD_ENTRY.bandwidthBytes()).isEqualTo(500_000_000L);
        assertThat(TicketType.WIREGUARD_EXIT.bandwidthBytes()).isEqualTo(500_000_000L);
    }

    @Test
    void labelsRoundTripAndAnUnknownLabelIsRefused() {
        assertThat(TicketType.WIREGUARD_ENTRY.label()).isEqualTo("wireguard-entry");
        for (TicketType type : TicketType.values()) {
            assertThat(TicketType.fromLabel(type.label())).isSameAs(type);
        }
        assertThatThrownBy(() -> TicketType.fromLabel("WIREGUARD_ENTRY")).hasMessage("unknown ticket type: WIREGUARD_ENTRY");
    }
}
