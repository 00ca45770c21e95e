package io.lpreg.client;

import io.lpreg.client.credential.CredentialRequest;
import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.protocol.SharedTestVectors;
import io.lpreg.protocol.bincode.BincodeReader;
import io.lpreg.protocol.bincode.BincodeWriter;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.credential.CredentialSpendingData;
import io.lpreg.protocol.credential.Payment;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MockCredentialShapeTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static CredentialSpendingData mock(TicketType type, byte[] identity) {
        RequestCredential credential = new MockCredentialSource().credential(new CredentialRequest(type, WireVersion.V1,
                Optional.ofNullable(identity), new byte[32], NOW));
        return ((RequestCredential.ZkNym) credential).credential();
    }

    @Test
    void theMockIsDatedTodayForTheRequestedTicketTypeAndBindsTheGateway() throws Exception {
        byte[] identity = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        CredentialSpendingData credential = mock(TicketType.WIREGUARD_EXIT, identity);
        assertThat(credential.spendDate().toLocalDate()).isEqualTo(LocalDate.ofInstant(NOW, ZoneOffset.UTC));
        assertThat(credential.payment().tType()).isEqualTo(TicketType.WIREGUARD_EXIT.index());
        assertThat(credential.payment().spendValue()).isEqualTo(1);
        byte[] payInfo = credential.payInfo();
        assertThat(java.util.Arrays.copyOfRange(payInfo, 40, 72)).isEqualTo(identity);
        // structurally valid in both encodings
        assertThat(CredentialCodec.fromBytes(CredentialCodec.toBytes(credential))).isEqualTo(credential);
        BincodeWriter out = new BincodeWriter();
        CredentialCodec.encodeBincode(credential, out);
        assertThat(CredentialCodec.decodeBincode(new BincodeReader(out.toByteArray()))).isEqualTo(credential);
    }

    @Test
    void theMockHasTheShapeOfNymsProbeCredential() throws Exception {
        byte[] dummyBytes = HexFormat.of().parseHex(Files.readString(
                SharedTestVectors.require("nym-probe-dummy-credential.hex")).strip());
        Payment dummy = CredentialCodec.fromBytes(dummyBytes).payment();
        Payment mock = mock(TicketType.WIREGUARD_ENTRY, null).payment();
        assertThat(mock.kappaK()).hasSameSizeAs(dummy.kappaK());
        assertThat(mock.omega()).hasSameSizeAs(dummy.omega());
        assertThat(mock.ss()).hasSameSizeAs(dummy.ss());
        assertThat(mock.tt()).hasSameSizeAs(dummy.tt());
        assertThat(mock.aa()).hasSameSizeAs(dummy.aa());
        assertThat(mock.spendValue()).isEqualTo(dummy.spendValue());
        assertThat(mock.zkProof().responsesRK()).hasSameSizeAs(dummy.zkProof().responsesRK());
        assertThat(mock.zkProof().responsesL()).hasSameSizeAs(dummy.zkProof().responsesL());
        assertThat(mock.zkProof().responsesOA()).hasSameSizeAs(dummy.zkProof().responsesOA());
        assertThat(mock.zkProof().responsesMu()).hasSameSizeAs(dummy.zkProof().responsesMu());
        assertThat(mock.zkProof().responsesOMu()).hasSameSizeAs(dummy.zkProof().responsesOMu());
        assertThat(mock.zkProof().responsesAttributes()).hasSameSizeAs(dummy.zkProof().responsesAttributes());
        assertThat(CredentialCodec.toBytes(mock(TicketType.WIREGUARD_ENTRY, null))).hasSameSizeAs(dummyBytes);
    }
}
