package io.lpreg.client;

import io.lpreg.client.credential.CredentialRequest;
import io.lpreg.client.credential.WalletCredentialSource;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.SpendData;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketSpend;
import io.lpreg.tickets.TicketWallet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalletCredentialSourceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final byte[] GATEWAY = new byte[32];
    private static final byte[] HANDSHAKE_HASH = new byte[32];

    @TempDir
    Path dir;

    private TicketWallet walletWithOneTicket() throws IOException {
        TicketWallet wallet = TicketWallet.open(dir.resolve("wallet"));
        byte[] seed = new byte[32];
        seed[0] = 7;
        byte[] sigma = new byte[48];
        sigma[0] = (byte) 0xa0;
        wallet.add(List.of(new Ticket(TicketType.WIREGUARD_ENTRY, 3, seed, sigma, NOW.plus(Duration.ofDays(7)), false)));
        return wallet;
    }

    private static CredentialRequest request(WireVersion version, Optional<byte[]> identity) {
        HANDSHAKE_HASH[0] = 42;
        return new CredentialRequest(TicketType.WIREGUARD_ENTRY, version, identity, HANDSHAKE_HASH, NOW);
    }

    @Test
    void spendsATicketBoundToThisSessionAndMarksItSpentFirst() throws Exception {
        TicketWallet wallet = walletWithOneTicket();
        RequestCredential credential = new WalletCredentialSource(wallet).credential(request(WireVersion.V2, Optional.of(GATEWAY)));

        assertThat(credential.scheme()).isEqualTo(TicketSpend.SCHEME);
        SpendData spend = TicketSpend.decode(credential.data());
        assertThat(spend.epoch()).isEqualTo(3);
        assertThat(spend.spendSignatureValid(HANDSHAKE_HASH)).isTrue();
        assertThat(spend.spendSignatureValid(new byte[32])).isFalse();
        assertThat(TicketWallet.load(dir.resolve("wallet")).tickets()).allMatch(Ticket::spent);
    }

    @Test
    void anEmptyWalletAnUnknownGatewayIdentityAndWireV1AreClearErrors() throws Exception {
        WalletCredentialSource source = new WalletCredentialSource(walletWithOneTicket());
        assertThatThrownBy(() -> source.credential(request(WireVersion.V1, Optional.of(GATEWAY)))).hasMessageContaining("wire v2");
        assertThatThrownBy(() -> source.credential(request(WireVersion.V2, Optional.empty()))).hasMessageContaining("identity");
        source.credential(request(WireVersion.V2, Optional.of(GATEWAY)));
        assertThatThrownBy(() -> source.credential(request(WireVersion.V2, Optional.of(GATEWAY))))
                .hasMessageContaining("no unspent wireguard-entry ticket");
    }
}
