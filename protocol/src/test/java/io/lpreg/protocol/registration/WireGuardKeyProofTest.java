package io.lpreg.protocol.registration;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireGuardKeyProofTest {
    private static final HexFormat HEX = HexFormat.of();
    // docs/wire-v2.md §2.1 worked example
    private static final byte[] WG_PRIVATE = sequence(0x00);
    private static final byte[] GATEWAY_LP_PRIVATE = sequence(0x20);
    private static final byte[] HANDSHAKE_HASH = sequence(0x40);
    private static final byte[] WG_PUBLIC = HEX.parseHex("8f40c5adb68f25624ae5b214ea767a6ec94d829d3d7b5e1ad1ba6f3e2138285f");
    private static final byte[] GATEWAY_LP_PUBLIC = HEX.parseHex("358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254");
    private static final String PROOF_WITH_PSK = "ee6cd22978c096074c58568893c6cb7a980ffa993a37a0d2eb67f73535ba9fcc";
    private static final String PROOF_WITHOUT_PSK = "a307fa47457ccd840e4fc5da929845c96be072116ffb885a524fba8542234211";

    private static byte[] sequence(int first) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            bytes[i] = (byte) (first + i);
        }
        return bytes;
    }

    private static Optional<byte[]> psk() {
        byte[] psk = new byte[32];
        Arrays.fill(psk, (byte) 0x11);
        return Optional.of(psk);
    }

    @Test
    void workedExampleOfDocsWireV2() {
        assertThat(HEX.formatHex(WireGuardKeyProof.create(WG_PRIVATE, GATEWAY_LP_PUBLIC, HANDSHAKE_HASH, psk())))
                .isEqualTo(PROOF_WITH_PSK);
        assertThat(HEX.formatHex(WireGuardKeyProof.create(WG_PRIVATE, GATEWAY_LP_PUBLIC, HANDSHAKE_HASH, Optional.empty())))
                .isEqualTo(PROOF_WITHOUT_PSK);
        assertThat(WireGuardKeyProof.verify(GATEWAY_LP_PRIVATE, WG_PUBLIC, HANDSHAKE_HASH, psk(), HEX.parseHex(PROOF_WITH_PSK)))
                .isTrue();
    }

    @Test
    void aProofIsRefusedForAnotherSessionAnotherPresharedKeyOrAnotherKey() {
        byte[] proof = HEX.parseHex(PROOF_WITH_PSK);
        assertThat(WireGuardKeyProof.verify(GATEWAY_LP_PRIVATE, WG_PUBLIC, sequence(0x41), psk(), proof)).isFalse();
        assertThat(WireGuardKeyProof.verify(GATEWAY_LP_PRIVATE, WG_PUBLIC, HANDSHAKE_HASH, Optional.empty(), proof)).isFalse();
        assertThat(WireGuardKeyProof.verify(GATEWAY_LP_PRIVATE, sequence(0x60), HANDSHAKE_HASH, psk(), proof)).isFalse();
        byte[] flipped = proof.clone();
        flipped[31] ^= 1;
        assertThat(WireGuardKeyProof.verify(GATEWAY_LP_PRIVATE, WG_PUBLIC, HANDSHAKE_HASH, psk(), flipped)).isFalse();
    }

    @Test
    void aLowOrderWireGuardKeyNeverVerifies() {
        // the all-zero point: X25519 with it is zero whatever the scalar, so anyone could make the MAC
        assertThat(WireGuardKeyProof.verify(GATEWAY_LP_PRIVATE, new byte[32], HANDSHAKE_HASH, Optional.empty(), new byte[32]))
                .isFalse();
    }

    @Test
    void theProofIsTheEighthFieldOfARequestAndAbsentMeansNoBytes() throws Exception {
        LpRegistrationRequest plain = new LpRegistrationRequest(WG_PUBLIC,
                new RequestCredential.Envelope("example-voucher", HEX.parseHex("deadbeef")),
                TicketType.WIREGUARD_ENTRY, new RegistrationMode.Dvpn(),
                InetAddress.getByName("198.51.100.9"), 1_762_819_200L, psk());
        LpRegistrationRequest proven = plain.withKeyProof(HEX.parseHex(PROOF_WITH_PSK));

        byte[] withoutProof = RegistrationCodec.encodeRequest(plain, WireVersion.V2);
        byte[] withProof = RegistrationCodec.encodeRequest(proven, WireVersion.V2);

        assertThat(HEX.formatHex(withProof)).isEqualTo(HEX.formatHex(withoutProof) + "01" + PROOF_WITH_PSK);
        assertThat(RegistrationCodec.decodeRequest(withProof, WireVersion.V2)).isEqualTo(proven);
        assertThat(RegistrationCodec.decodeRequest(withoutProof, WireVersion.V2)).isEqualTo(plain);
        byte[] explicitNone = Arrays.copyOf(withoutProof, withoutProof.length + 1);
        assertThatThrownBy(() -> RegistrationCodec.decodeRequest(explicitNone, WireVersion.V2))
                .isInstanceOf(LpProtocolException.class);
        byte[] shortProof = Arrays.copyOf(withProof, withProof.length - 1);
        assertThatThrownBy(() -> RegistrationCodec.decodeRequest(shortProof, WireVersion.V2))
                .isInstanceOf(LpProtocolException.class);
    }
}
