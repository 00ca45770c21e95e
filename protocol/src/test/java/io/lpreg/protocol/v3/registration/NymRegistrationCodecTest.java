package io.lpreg.protocol.v3.registration;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.credential.CredentialFixtures;
import io.lpreg.protocol.credential.CredentialSpendingData;
import io.lpreg.protocol.v3.NymTranscript;
import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NymRegistrationCodecTest {

    @Test
    void initialRequestIsTheTranscriptsEightyFourBytes() throws Exception {
        NymTranscript transcript = NymTranscript.load();
        byte[] expected = transcript.hex("registration_payloads", "LpRegistrationRequest_InitialRequest_bincode");
        NymRegistrationRequest request = new NymRegistrationRequest.InitialRequest(transcript.hex("registration_payloads", "wg_public_key"),
                transcript.hex("registration_payloads", "psk"), transcript.node("registration_payloads", "timestamp").asLong());
        assertThat(NymRegistrationCodec.encodeRequest(request)).isEqualTo(expected).hasSize(84);
        assertThat(NymRegistrationCodec.decodeRequest(expected)).isEqualTo(request);
    }

    @Test
    void requiresCredentialIsTheTranscriptsThreeBytes() throws Exception {
        byte[] pending = HexFormat.of().parseHex("020000");
        assertThat(NymRegistrationCodec.encodeResponse(new NymRegistrationResponse.RequiresCredential())).isEqualTo(pending);
        assertThat(NymRegistrationCodec.decodeResponse(pending)).isInstanceOf(NymRegistrationResponse.RequiresCredential.class);
    }

    @Test
    void invalidTimestampAnswerCarriesNymsExactText() throws Exception {
        byte[] encoded = NymRegistrationCodec.encodeResponse(new NymRegistrationResponse.Failed(NymRegistrationResponse.INVALID_TIMESTAMP));
        assertThat(encoded).isEqualTo(HexFormat.of().parseHex("010002" + "11" + HexFormat.of().formatHex("invalid timestamp".getBytes())));
        assertThat(NymRegistrationCodec.decodeResponse(encoded)).isEqualTo(new NymRegistrationResponse.Failed("invalid timestamp"));
        assertThat(NymRegistrationCodec.encodeResponse(new NymRegistrationResponse.MixnetFailed(NymRegistrationResponse.MIXNET_UNSUPPORTED)))
                .startsWith(0x01, 0x01, 0x01);
    }

    @Test
    void timestampWindowIsThirtySecondsEitherSide() {
        Instant now = Instant.ofEpochSecond(1_778_900_000L);
        assertThat(NymRegistrationCodec.timestampAcceptable(1_778_900_030L, now)).isTrue();
        assertThat(NymRegistrationCodec.timestampAcceptable(1_778_899_970L, now)).isTrue();
        assertThat(NymRegistrationCodec.timestampAcceptable(1_778_900_031L, now)).isFalse();
        assertThat(NymRegistrationCodec.timestampAcceptable(1_778_899_969L, now)).isFalse();
        assertThat(NymRegistrationCodec.timestampAcceptable(-1L, now)).isFalse();
    }

    @Test
    void completedAnswerRoundTripsWithBase58KeyAndRawAddresses() throws Exception {
        byte[] key = new byte[32];
        key[31] = 7;
        NymRegistrationResponse completed = new NymRegistrationResponse.Completed(new NymRegistrationResponse.WireGuardConfig(key, 51822,
                (Inet4Address) InetAddress.getByName("10.1.0.2"), (Inet6Address) InetAddress.getByName("fc01::2")), false);
        byte[] encoded = NymRegistrationCodec.encodeResponse(completed);
        assertThat(encoded).startsWith(0x00, 0x00, 0x01);
        assertThat(NymRegistrationCodec.decodeResponse(encoded)).isEqualTo(completed);
    }

    @Test
    void finalisationWithAZkNymRoundTrips() throws Exception {
        CredentialSpendingData credential = CredentialFixtures.synthetic(7, 1, 1);
        NymRegistrationRequest request = new NymRegistrationRequest.Finalisation(new NymRegistrationRequest.ZkNym(credential),
                TicketType.WIREGUARD_ENTRY, 1_778_900_000L);
        byte[] encoded = NymRegistrationCodec.encodeRequest(request);
        assertThat(encoded).startsWith(0x00, 0x01, 0x00);
        NymRegistrationRequest decoded = NymRegistrationCodec.decodeRequest(encoded);
        assertThat(decoded).isEqualTo(request);
        assertThat(NymRegistrationCodec.encodeRequest(decoded)).isEqualTo(encoded);
    }

    @Test
    void trailingBytesAndNonCanonicalKeysAreRefused() {
        NymTranscript transcript = NymTranscript.load();
        byte[] request = transcript.hex("registration_payloads", "LpRegistrationRequest_InitialRequest_bincode");
        byte[] longer = java.util.Arrays.copyOf(request, request.length + 1);
        assertThatThrownBy(() -> NymRegistrationCodec.decodeRequest(longer)).isInstanceOf(LpProtocolException.class);
        byte[] badKey = request.clone();
        badKey[3] = '*';
        assertThatThrownBy(() -> NymRegistrationCodec.decodeRequest(badKey)).isInstanceOf(LpProtocolException.class);
    }
}
