package io.lpreg.tickets;

import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketWalletTest {
    @TempDir
    Path dir;

    @Test
    void addedTicketsSurviveAReloadInAFileOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve("wallet");
        Ticket entry = TicketSpendTest.ticket(TicketType.WIREGUARD_ENTRY, 1);
        Ticket exit = TicketSpendTest.ticket(TicketType.MIXNET_EXIT, 2);

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
        Ticket ticket = TicketSpendTest.ticket(TicketType.WIREGUARD_ENTRY, 1);
        TicketWallet wallet = TicketWallet.open(file);
        wallet.add(List.of(ticket));

        wallet.markSpent(wallet.nextUnspent(TicketType.WIREGUARD_ENTRY).orElseThrow());

        assertThat(wallet.nextUnspent(TicketType.WIREGUARD_ENTRY)).isEmpty();
        assertThat(TicketWallet.load(file).tickets()).containsExactly(ticket.asSpent());
        assertThat(TicketWallet.load(file).nextUnspent(TicketType.WIREGUARD_ENTRY)).isEmpty();
    }

    @Test
    void aSpendIsOneAppendedLineAndAReloadAppliesIt() throws Exception {
        Path file = dir.resolve("wallet");
        Ticket first = TicketSpendTest.ticket(TicketType.WIREGUARD_ENTRY, 1);
        Ticket second = TicketSpendTest.ticket(TicketType.WIREGUARD_ENTRY, 2);
        TicketWallet wallet = TicketWallet.open(file);
        wallet.add(List.of(first, second));
        String before = Files.readString(file);

        wallet.markSpent(second);

        assertThat(Files.readString(file)).isEqualTo(before + "spent " + HexFormat.of().formatHex(second.serialSeed()) + "\n");
        assertThat(TicketWallet.load(file).tickets()).containsExactly(first, second.asSpent());
    }

    @Test
    void concurrentTakersNeverGetTheSameTicket() throws Exception {
        Path file = dir.resolve("wallet");
        List<Ticket> issued = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            issued.add(TicketSpendTest.ticket(TicketType.MIXNET_ENTRY, 1000 + i));
        }
        TicketWallet wallet = TicketWallet.open(file);
        wallet.add(issued);
        java.util.Set<String> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                executor.execute(() -> {
                    for (int i = 0; i < 25; i++) {
                        try {
                            Ticket ticket = wallet.takeUnspent(TicketType.MIXNET_ENTRY, Instant.EPOCH).orElseThrow();
                            if (!taken.add(HexFormat.of().formatHex(ticket.serialSeed()))) {
                                duplicates.incrementAndGet();
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            }
        }
        assertThat(duplicates.get()).isZero();
        assertThat(taken).hasSize(200);
        assertThat(TicketWallet.load(file).tickets()).allMatch(Ticket::spent);
    }

    @Test
    void offersTheUnspentTicketOfTheTypeThatExpiresFirst() throws Exception {
        Instant now = TicketSpendTest.NOW;
        Ticket late = withValidity(TicketSpendTest.ticket(TicketType.WIREGUARD_ENTRY, 2), now.plusSeconds(7200));
        Ticket early = withValidity(TicketSpendTest.ticket(TicketType.WIREGUARD_ENTRY, 1), now.plusSeconds(60));
        Ticket otherType = withValidity(TicketSpendTest.ticket(TicketType.MIXNET_ENTRY, 1), now.plusSeconds(1));
        TicketWallet wallet = TicketWallet.open(dir.resolve("wallet"));
        wallet.add(List.of(late, early, otherType));

        assertThat(wallet.nextUnspent(TicketType.WIREGUARD_ENTRY)).contains(early);
        assertThat(wallet.nextUnspent(TicketType.WIREGUARD_ENTRY, now.plusSeconds(60))).contains(late);
        assertThat(wallet.nextUnspent(TicketType.WIREGUARD_EXIT)).isEmpty();
    }

    @Test
    void refusesToAddATicketTwiceOrToMarkAStrangerSpent() throws Exception {
        Ticket ticket = TicketSpendTest.ticket(TicketType.WIREGUARD_ENTRY, 1);
        TicketWallet wallet = TicketWallet.open(dir.resolve("wallet"));
        wallet.add(List.of(ticket));

        assertThatThrownBy(() -> wallet.add(List.of(ticket))).hasMessageStartingWith("the ticket is already in this wallet");
        assertThatThrownBy(() -> wallet.markSpent(TicketSpendTest.ticket(TicketType.WIREGUARD_ENTRY, 1)))
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
