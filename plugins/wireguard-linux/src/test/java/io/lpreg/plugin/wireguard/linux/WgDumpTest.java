package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WgDumpTest {
    @Test
    void readsTheInterfaceLineAndEveryPeerOfWgShowDump() throws Exception {
        String dump = """
                qBAUK7PTJq0p9yu8MMYbPRisAixeIXW6rZmijBX8SVw=\tx/N98mvWaMzwj/iXQhzQJN5WXGqoj6Qt1gc+1EW0O0k=\t51998\toff
                MCUHrN0RLcTqCBPWsGYofSDBu5U0ALOys2yIga4qxVI=\tMT9NuiklTWm+TBb8aRaCukI+IQ6pqFbapYllV9XfX4o=\t10.233.0.2:4000\t10.1.0.2/32,fd00::2/128\t1750000000\t300\t200\t25
                TTnjA9bHAWGlTHBpeL6hmOT7/LH77lhf47Y6Ckqvuk0=\t(none)\t(none)\t(none)\t0\t0\t0\toff
                """;

        InterfaceDump parsed = WgCommandClient.parseDump(dump);

        assertThat(parsed.privateKey()).contains(WireGuardPrivateKey.fromBase64("qBAUK7PTJq0p9yu8MMYbPRisAixeIXW6rZmijBX8SVw="));
        assertThat(parsed.listenPort()).isEqualTo(51998);
        assertThat(parsed.peers()).containsExactly(
                new InterfaceDump.Peer(WireGuardKey.fromBase64("MCUHrN0RLcTqCBPWsGYofSDBu5U0ALOys2yIga4qxVI="), true,
                        List.of("10.1.0.2/32", "fd00::2/128"), Duration.ofSeconds(25), 300, 200,
                        Optional.of(Instant.ofEpochSecond(1750000000))),
                new InterfaceDump.Peer(WireGuardKey.fromBase64("TTnjA9bHAWGlTHBpeL6hmOT7/LH77lhf47Y6Ckqvuk0="), false,
                        List.of(), Duration.ZERO, 0, 0, Optional.empty()));
    }

    @Test
    void readsAnInterfaceWithoutKey() throws Exception {
        InterfaceDump parsed = WgCommandClient.parseDump("(none)\t(none)\t37204\toff\n");

        assertThat(parsed.privateKey()).isEmpty();
        assertThat(parsed.peers()).isEmpty();
    }

    @Test
    void refusesALineWithTheWrongNumberOfFields() {
        assertThatThrownBy(() -> WgCommandClient.parseDump("(none)\t(none)\t37204\toff\nabc\t1\n"))
                .hasMessage("unexpected wg show dump line with 2 fields instead of 8");
    }

    @Test
    void refusesCountersThatAreNotNumbers() {
        assertThatThrownBy(() -> WgCommandClient.parseDump("(none)\t(none)\t37204\toff\n"
                + "TTnjA9bHAWGlTHBpeL6hmOT7/LH77lhf47Y6Ckqvuk0=\t(none)\t(none)\t(none)\t0\tlots\t0\toff\n"))
                .hasMessage("wg show dump: the rx bytes 'lots' is not a number in 0.." + Long.MAX_VALUE);
    }
}
