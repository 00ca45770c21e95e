package io.lpreg.protocol.ecash;

import io.lpreg.protocol.registration.TicketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketWalletTest {
    @TempDir
    Path dir;

    @Test
    void addedTicketsSurviveAReloadInAFileOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve("wallet");
        Ticket entry = TicketSpendTest.ticket(TicketType.V1_WIREGUARD_ENTRY, 1);
        Ticket exit = TicketSpendTest.ticket(TicketType.V1_MIXNET_EXIT, 2);

        TicketWallet.open(file).add(List.of(entry, exit));
        TicketWallet reloaded = TicketWallet.load(file);

        assertThat(reloaded.tickets()).containsExactly(entry, exit);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("lpreg-ticket-wallet v1\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void markSpentIsPersistedAndTheTicketIsNotOfferedAgain() throws Exception {
        Path file = dir.resolve("wallet");
        Ticket ticket = TicketSpendTest.ticket(TicketType.V1_WIREGUARD_ENTRY, 1);
        TicketWallet wallet = TicketWallet.open(file);
        wallet.add(List.of(ticket));

        wallet.markSpent(wallet.nextUnspent(TicketType.V1_WIREGUARD_ENTRY).orElseThrow());

        assertThat(wallet.nextUnspent(TicketType.V1_WIREGUARD_ENTRY)).isEmpty();
        assertThat(TicketWallet.load(file).tickets()).containsExactly(ticket.asSpent());
        assertThat(TicketWallet.load(file).nextUnspent(TicketType.V1_WIREGUARD_ENTRY)).isEmpty();
    }

    @Test
    void offersTheUnspentTicketOfTheTypeThatExpiresFirst() throws Exception {
        Instant now = TicketSpendTest.NOW;
        Ticket late = withValidity(TicketSpendTest.ticket(TicketType.V1_WIREGUARD_ENTRY, 2), now.plusSeconds(7200));
        Ticket early = withValidity(TicketSpendTest.ticket(TicketType.V1_WIREGUARD_ENTRY, 1), now.plusSeconds(60));
        Ticket otherType = withValidity(TicketSpendTest.ticket(TicketType.V1_MIXNET_ENTRY, 1), now.plusSeconds(1));
        TicketWallet wallet = TicketWallet.open(dir.resolve("wallet"));
        wallet.add(List.of(late, early, otherType));

        assertThat(wallet.nextUnspent(TicketType.V1_WIREGUARD_ENTRY)).contains(early);
        assertThat(wallet.nextUnspent(TicketType.V1_WIREGUARD_ENTRY, now.plusSeconds(60))).contains(late);
        assertThat(wallet.nextUnspent(TicketType.V1_WIREGUARD_EXIT)).isEmpty();
    }

    @Test
    void refusesToAddATicketTwiceOrToMarkAStrangerSpent() throws Exception {
        Ticket ticket = TicketSpendTest.ticket(TicketType.V1_WIREGUARD_ENTRY, 1);
        TicketWallet wallet = TicketWallet.open(dir.resolve("wallet"));
        wallet.add(List.of(ticket));

        assertThatThrownBy(() -> wallet.add(List.of(ticket))).hasMessageStartingWith("the ticket is already in this wallet");
        assertThatThrownBy(() -> wallet.markSpent(TicketSpendTest.ticket(TicketType.V1_WIREGUARD_ENTRY, 1)))
                .hasMessageStartingWith("the ticket is not in this wallet");
    }

    @Test
    void namesTheLineOfAMalformedWallet() throws Exception {
        Path file = dir.resolve("wallet");
        Files.writeString(file, "lpreg-ticket-wallet v1\n# comment\nticket wireguard-entry 1 00 11 2025-06-01T00:00:00Z unspent\n");

        assertThatThrownBy(() -> TicketWallet.load(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " line 3: serial seed must be 32 bytes, got 1");
    }

    @Test
    void refusesAFileThatIsNotAWallet() throws Exception {
        Path file = dir.resolve("wallet");
        Files.writeString(file, "{\"tickets\": []}\n");

        assertThatThrownBy(() -> TicketWallet.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a ticket wallet");
    }

    private static Ticket withValidity(Ticket ticket, Instant validUntil) {
        return new Ticket(ticket.ticketType(), ticket.epoch(), ticket.serialSeed(), ticket.signature(), validUntil, false);
    }
}
