package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UapiReplyTest {
    /** What wireguard-go v0.0.20220316 answered to get=1 on this machine, with a second peer appended. */
    private static final String GET_REPLY = """
            private_key=b8a727ce98208846814b6a47cf15287ab5c3639039c4b334dac60c501452284f
            listen_port=51999
            public_key=4d39e303d6c70161a54c706978bea198e4fbfcb1fbee585fe3b63a0a4aafba4d
            preshared_key=0000000000000000000000000000000000000000000000000000000000000000
            protocol_version=1
            last_handshake_time_sec=0
            last_handshake_time_nsec=0
            tx_bytes=0
            rx_bytes=0
            persistent_keepalive_interval=0
            allowed_ip=10.1.0.2/32
            allowed_ip=fd00::2/128
            public_key=0101010101010101010101010101010101010101010101010101010101010101
            preshared_key=0202020202020202020202020202020202020202020202020202020202020202
            endpoint=10.233.0.2:40000
            last_handshake_time_sec=1750000000
            last_handshake_time_nsec=5
            tx_bytes=1234
            rx_bytes=5678
            persistent_keepalive_interval=25
            errno=0

            """;

    @Test
    void readsTheInterfaceAndEveryPeerOfAGetReply() throws Exception {
        InterfaceDump dump = UapiReply.dump(UapiReply.parse("get", GET_REPLY));

        assertThat(dump.privateKey()).contains(WireGuardPrivateKey.fromHex(
                "b8a727ce98208846814b6a47cf15287ab5c3639039c4b334dac60c501452284f"));
        assertThat(dump.listenPort()).isEqualTo(51999);
        assertThat(dump.peers()).containsExactly(
                new InterfaceDump.Peer(key("4d39e303d6c70161a54c706978bea198e4fbfcb1fbee585fe3b63a0a4aafba4d"), false,
                        List.of("10.1.0.2/32", "fd00::2/128"), Duration.ZERO, 0, 0, Optional.empty()),
                new InterfaceDump.Peer(key("01".repeat(32)), true, List.of(), Duration.ofSeconds(25), 5678, 1234,
                        Optional.of(Instant.ofEpochSecond(1750000000, 5))));
    }

    @Test
    void readsAnInterfaceWithoutKeyOrPeers() throws Exception {
        InterfaceDump dump = UapiReply.dump(UapiReply.parse("get", "listen_port=44593\nerrno=0\n\n"));

        assertThat(dump.privateKey()).isEmpty();
        assertThat(dump.listenPort()).isEqualTo(44593);
        assertThat(dump.peers()).isEmpty();
    }

    @Test
    void acceptsAnEmptySuccessfulSetReply() throws Exception {
        assertThat(UapiReply.parse("set", "errno=0\n\n")).isEmpty();
    }

    @Test
    void reportsARefusalWithItsErrnoAsWireguardGoWritesIt() {
        assertThatThrownBy(() -> UapiReply.parse("peer X on lpwg0", "errno=-22\n\n"))
                .isInstanceOf(WireGuardException.class)
                .hasMessage("the interface refused peer X on lpwg0: errno=-22 (EINVAL)");
    }

    @Test
    void reportsARefusalWithItsErrnoAsTheProtocolTextWritesIt() {
        assertThatThrownBy(() -> UapiReply.parse("set", "errno=98\n\n"))
                .hasMessage("the interface refused set: errno=98 (EADDRINUSE)");
        assertThatThrownBy(() -> UapiReply.parse("set", "errno=1\n\n"))
                .hasMessage("the interface refused set: errno=1");
    }

    @Test
    void refusesAReplyWithoutErrno() {
        assertThatThrownBy(() -> UapiReply.parse("get", "listen_port=1\n\n"))
                .hasMessage("malformed UAPI reply to get: it does not end with errno=N");
    }

    @Test
    void refusesAReplyThatIsNotTerminated() {
        assertThatThrownBy(() -> UapiReply.parse("get", "errno=0\n"))
                .hasMessage("malformed UAPI reply to get: it does not end with an empty line");
    }

    @Test
    void refusesALineThatIsNotKeyValue() {
        assertThatThrownBy(() -> UapiReply.parse("get", "listen_port\nerrno=0\n\n"))
                .hasMessage("malformed UAPI reply to get: line 'listen_port' is not key=value");
    }

    @Test
    void refusesAnErrnoThatIsNotANumber() {
        assertThatThrownBy(() -> UapiReply.parse("set", "errno=EINVAL\n\n"))
                .hasMessage("malformed UAPI reply to set: errno=EINVAL is not a number");
    }

    @Test
    void refusesBadValuesInAGetReply() {
        assertThatThrownBy(() -> UapiReply.dump(UapiReply.parse("get", "public_key=abc\nerrno=0\n\n")))
                .hasMessage("malformed UAPI reply: public_key is not 64 hex digits");
        assertThatThrownBy(() -> UapiReply.dump(UapiReply.parse("get",
                "public_key=" + "01".repeat(32) + "\nrx_bytes=-1\nerrno=0\n\n")))
                .hasMessage("malformed UAPI reply: rx_bytes=-1 is not a number in 0.." + Long.MAX_VALUE);
        assertThatThrownBy(() -> UapiReply.dump(UapiReply.parse("get", "listen_port=70000\nerrno=0\n\n")))
                .hasMessage("malformed UAPI reply: listen_port=70000 is not a number in 0..65535");
    }

    private static WireGuardKey key(String hex) {
        return new WireGuardKey(HexFormat.of().parseHex(hex));
    }
}
