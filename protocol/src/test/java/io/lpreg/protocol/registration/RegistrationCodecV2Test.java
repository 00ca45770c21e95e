package io.lpreg.protocol.registration;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationCodecV2Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] WG_KEY = HEX.parseHex("d220dbdc355fcf172b464ddb8c084492b278dcdf5fbd4a7fa4bb2903eb594a5e");

    // docs/wire-v2.md §4, copied field by field
    private static final String EXAMPLE = String.join("",
            "2c00000000000000", "30694462334456667a786372526b33626a4168456b724a34334e39667655702f704c7370412b745a536c343d",
            "0f00000000000000", "6578616d706c652d766f7563686572",
            "0400000000000000", "deadbeef",
            "02000000",
            "00000000",
            "00000000", "c6336409",
            "807c126900000000",
            "01", "11".repeat(32));

    private static LpRegistrationRequest example() throws Exception {
        byte[] psk = new byte[32];
        Arrays.fill(psk, (byte) 0x11);
        return new LpRegistrationRequest(WG_KEY,
                new RequestCredential.Envelope("example-voucher", HEX.parseHex("deadbeef")),
                TicketType.WIREGUARD_ENTRY, new RegistrationMode.Dvpn(),
                InetAddress.getByName("198.51.100.9"), 1_762_819_200L, Optional.of(psk));
    }

    @Test
    void workedExampleOfDocsWireV2() throws Exception {
        byte[] encoded = RegistrationCodec.encodeRequest(example(), WireVersion.V2);
        assertThat(HEX.formatHex(encoded)).isEqualTo(EXAMPLE);
        assertThat(encoded).hasSize(144);
        assertThat(RegistrationCodec.decodeRequest(encoded, WireVersion.V2)).isEqualTo(example());

        // The framing arithmetic the document states: 34 bytes overhead + 196 plaintext + 16 tag.
        LpPacket packet = new LpPacket(WireVersion.V2, 0x127cfb46, 2, MessageType.ENCRYPTED_DATA, new byte[144 + 16]);
        assertThat(HEX.formatHex(LpFraming.frame(packet.encode()), 0, 22)).isEqualTo("000000c2" + "0200000046fb7c12" + "0200000000000000" + "0200");
    }

    @Test
    void customModesAndMixnetRoundTripInV2() throws Exception {
        for (RegistrationMode mode : new RegistrationMode[] {
                new RegistrationMode.Mixnet(new byte[32]),
                new RegistrationMode.Custom("socks5", "eu-west".getBytes(StandardCharsets.UTF_8))}) {
            LpRegistrationRequest request = new LpRegistrationRequest(WG_KEY,
                    new RequestCredential.Envelope("bls-ticket-v1", new byte[100]), TicketType.MIXNET_ENTRY, mode,
                    InetAddress.getByName("2001:db8::1"), 5, Optional.empty());
            byte[] encoded = RegistrationCodec.encodeRequest(request, WireVersion.V2);
            assertThat(RegistrationCodec.decodeRequest(encoded, WireVersion.V2)).isEqualTo(request);
        }
    }

    @Test
    void v1CannotCarryAnEnvelopeAPresharedKeyOrACustomMode() throws Exception {
        assertThatThrownBy(() -> RegistrationCodec.encodeRequest(example(), WireVersion.V1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedEnvelopesAreRefused() throws Exception {
        byte[] encoded = RegistrationCodec.encodeRequest(example(), WireVersion.V2);
        byte[] badScheme = encoded.clone();
        badScheme[8 + 44 + 8] = 'E';
        assertRefused(badScheme, LpError.MALFORMED);
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        assertRefused(trailing, LpError.BAD_LENGTH);
        byte[] hugeData = encoded.clone();
        int dataLength = 8 + 44 + 8 + 15;
        hugeData[dataLength + 7] = 0x7f;
        assertRefused(hugeData, LpError.MALFORMED);
        byte[] badOption = encoded.clone();
        badOption[144 - 33] = 2;
        assertRefused(badOption, LpError.MALFORMED);
    }

    private static void assertRefused(byte[] bytes, LpError expected) {
        assertThatThrownBy(() -> RegistrationCodec.decodeRequest(bytes, WireVersion.V2))
                .isInstanceOf(LpProtocolException.class)
                .extracting(e -> ((LpProtocolException) e).error())
                .isEqualTo(expected);
    }
}
