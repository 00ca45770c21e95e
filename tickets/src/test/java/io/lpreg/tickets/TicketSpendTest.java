package io.lpreg.tickets;

import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketSpendTest {
    static final HexFormat HEX = HexFormat.of();
    /** The BLS12-381 G1 generator, compressed: a well-formed sigma for codec tests. */
    static final byte[] G1_GENERATOR = HEX.parseHex("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb");
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final byte[] GATEWAY = filled(32, 0x47);
    static final byte[] HANDSHAKE = filled(32, 0x48);

    @Test
    void aSpendIs209BytesAndDecodesToTheTicketItSpends() throws Exception {
        Ticket ticket = ticket(TicketType.WIREGUARD_EXIT, 7);

        byte[] data = TicketSpend.spend(ticket, GATEWAY, HANDSHAKE, NOW, new SecureRandom());
        SpendData spend = TicketSpend.decode(data);

        assertThat(data).hasSize(209);
        assertThat(spend.ticketType()).isEqualTo(TicketType.WIREGUARD_EXIT);
        assertThat(spend.epoch()).isEqualTo(7);
        assertThat(spend.serial()).isEqualTo(ticket.serial());
        assertThat(spend.sigma()).isEqualTo(G1_GENERATOR);
        assertThat(spend.payInfo().gatewayIdentity()).isEqualTo(GATEWAY);
        assertThat(spend.payInfo().timestamp()).isEqualTo(NOW.getEpochSecond());
        assertThat(spend.encode()).isEqualTo(data);
        assertThat(spend.ticketMessage()).isEqualTo(TicketMessages.ticketMessage(TicketType.WIREGUARD_EXIT, 7, ticket.serial()));
    }

    @Test
    void theSpendSignatureBindsTheSessionsHandshakeHash() throws Exception {
        SpendData spend = TicketSpend.decode(TicketSpend.spend(ticket(TicketType.MIXNET_ENTRY, 1), GATEWAY, HANDSHAKE,
                NOW, new SecureRandom()));

        assertThat(spend.spendSignatureValid(HANDSHAKE)).isTrue();
        assertThat(spend.spendSignatureValid(filled(32, 0x49))).isFalse();
        assertThat(spend.spendSignatureValid(new byte[31])).isFalse();
    }

    @Test
    void changingAnyPayInfoByteBreaksTheSpendSignature() throws Exception {
        byte[] data = TicketSpend.spend(ticket(TicketType.MIXNET_ENTRY, 1), GATEWAY, HANDSHAKE, NOW, new SecureRandom());
        int payInfoOffset = 1 + 8 + 32 + 48;
        for (int i = payInfoOffset; i < payInfoOffset + PayInfo.SIZE; i++) {
            byte[] altered = data.clone();
            altered[i] ^= 0x01;
            SpendData spend = TicketSpend.decode(altered);
            assertThat(spend.spendSignatureValid(HANDSHAKE)).as("byte %d", i).isFalse();
        }
    }

    @Test
    void twoSpendsOfOneTicketDifferOnlyInPayInfoAndSignature() throws Exception {
        Ticket ticket = ticket(TicketType.MIXNET_ENTRY, 1);
        SpendData first = TicketSpend.decode(TicketSpend.spend(ticket, GATEWAY, HANDSHAKE, NOW, new SecureRandom()));
        SpendData second = TicketSpend.decode(TicketSpend.spend(ticket, GATEWAY, HANDSHAKE, NOW, new SecureRandom()));

        assertThat(second.serial()).isEqualTo(first.serial());
        assertThat(second.payInfo().nonce()).isNotEqualTo(first.payInfo().nonce());
        assertThat(second.spendSignature()).isNotEqualTo(first.spendSignature());
    }

    @Test
    void aSmallOrderSerialNeverVerifies() throws Exception {
        byte[] data = TicketSpend.spend(ticket(TicketType.MIXNET_ENTRY, 1), GATEWAY, HANDSHAKE, NOW, new SecureRandom());
        byte[] identity = new byte[32];
        identity[0] = 1;
        System.arraycopy(identity, 0, data, 9, 32);
        // the identity key with R = identity, S = 0: BouncyCastle's verify refuses it as well, this pins that no path accepts it
        Arrays.fill(data, 145, 209, (byte) 0);
        data[145] = 1;

        assertThat(TicketSpend.decode(data).spendSignatureValid(HANDSHAKE)).isFalse();
    }

    @Test
    void refusesToSpendATicketMarkedSpent() {
        Ticket spent = ticket(TicketType.MIXNET_ENTRY, 1).asSpent();

        assertThatThrownBy(() -> TicketSpend.spend(spent, GATEWAY, HANDSHAKE, NOW, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the ticket was already spent");
    }

    @Test
    void refusesEveryLengthButTheExactOne() throws Exception {
        byte[] data = TicketSpend.spend(ticket(TicketType.MIXNET_ENTRY, 1), GATEWAY, HANDSHAKE, NOW, new SecureRandom());
        for (int length : new int[] {0, 1, 208, 210, 4096}) {
            byte[] wrong = Arrays.copyOf(data, length);
            assertThatThrownBy(() -> TicketSpend.decode(wrong))
                    .isInstanceOf(MalformedSpendException.class)
                    .hasMessage("bls-ticket-v1 spend must be 209 bytes, got " + length);
        }
    }

    @Test
    void refusesAnUnknownTicketTypeAnOutOfRangeEpochAndABadlyEncodedSigma() throws Exception {
        byte[] data = TicketSpend.spend(ticket(TicketType.MIXNET_ENTRY, 1), GATEWAY, HANDSHAKE, NOW, new SecureRandom());

        byte[] type = data.clone();
        type[0] = 4;
        byte[] epoch = data.clone();
        epoch[1] = (byte) 0x80;
        byte[] uncompressed = data.clone();
        uncompressed[41] &= 0x7f;

        assertThatThrownBy(() -> TicketSpend.decode(type)).hasMessage("unknown ticket type 4");
        assertThatThrownBy(() -> TicketSpend.decode(epoch)).hasMessageContaining("is out of range");
        assertThatThrownBy(() -> TicketSpend.decode(uncompressed))
                .hasMessage("sigma is not a compressed G1 point: G1 point: compression flag not set");
    }

    @Test
    void theTicketMessageIsTheDocumentedByteString() {
        byte[] serial = filled(32, 0xab);

        byte[] message = TicketMessages.ticketMessage(TicketType.WIREGUARD_ENTRY, 0x0102, serial);

        // docs/bls-ticket-v1.md, worked example
        assertThat(HEX.formatHex(message)).isEqualTo("6c707265672d7469636b65742d7631" + "02" + "0000000000000102"
                + "ab".repeat(32));
    }

    static Ticket ticket(TicketType type, long epoch) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new Ticket(type, epoch, seed, G1_GENERATOR, NOW.plusSeconds(3600), false);
    }

    static byte[] filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void theSerialIsTheEd25519PublicKeyOfTheSeed() {
        Ticket ticket = ticket(TicketType.MIXNET_ENTRY, 1);

        assertThat(ticket.serial()).isEqualTo(Ticket.serialOf(ticket.serialSeed()));
        assertThat(ticket.toString()).doesNotContain(HEX.formatHex(ticket.serialSeed()));
    }
}
