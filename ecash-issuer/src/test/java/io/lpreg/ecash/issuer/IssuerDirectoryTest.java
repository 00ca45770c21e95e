package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IssuerDirectoryTest {
    private static final EpochWindow WEEK_ONE = ThresholdIssuanceTest.WINDOW;
    private static final EpochWindow WEEK_TWO = new EpochWindow(43, WEEK_ONE.validUntil(),
            WEEK_ONE.validUntil().plusSeconds(7 * 86_400));

    @TempDir
    Path dir;

    @Test
    void keygenWritesPrivateSignerSharesAndPublicVerificationKeysThatReadBackEqual() throws Exception {
        IssuerDirectory generated = IssuerDirectory.keygen(dir, 3, 2, WEEK_ONE, EnumSet.allOf(TicketType.class), new SecureRandom());

        IssuerDirectory loaded = IssuerDirectory.load(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(IssuerDirectory.signerFile(dir, 1))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("verification-keys.json"))))
                .isEqualTo("rw-r--r--");
        assertThat(loaded.signers()).hasSize(3);
        assertThat(loaded.keys().epochs()).hasSize(1);
        assertThat(loaded.keys().epoch(42).orElseThrow().keys(TicketType.MIXNET_EXIT).orElseThrow().verificationKey())
                .isEqualTo(generated.keys().epoch(42).orElseThrow().keys(TicketType.MIXNET_EXIT).orElseThrow().verificationKey());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("verification-keys.json", "signer-1.json", "signer-2.json", "signer-3.json");
        }
    }

    @Test
    void aSecondKeygenAddsAnEpochAndKeepsTheFirst() throws Exception {
        IssuerDirectory.keygen(dir, 3, 2, WEEK_ONE, EnumSet.allOf(TicketType.class), new SecureRandom());
        byte[] before = IssuerDirectory.load(dir).keys().epoch(42).orElseThrow().keys(TicketType.MIXNET_ENTRY).orElseThrow()
                .verificationKey();

        IssuerDirectory.keygen(dir, 3, 2, WEEK_TWO, Set.of(TicketType.WIREGUARD_ENTRY), new SecureRandom());
        IssuerDirectory loaded = IssuerDirectory.load(dir);

        assertThat(loaded.keys().epochs()).extracting(EpochKeys::epoch).containsExactly(42L, 43L);
        assertThat(loaded.keys().epoch(42).orElseThrow().keys(TicketType.MIXNET_ENTRY).orElseThrow().verificationKey())
                .isEqualTo(before);
        assertThat(loaded.keys().epoch(43).orElseThrow().keys(TicketType.MIXNET_ENTRY)).isEmpty();
        assertThat(loaded.issue(TicketType.WIREGUARD_ENTRY, OptionalLong.empty(), 1, WEEK_TWO.validFrom(), new SecureRandom()))
                .singleElement().satisfies(ticket -> assertThat(ticket.epoch()).isEqualTo(43));
    }

    @Test
    void refusesToReplaceAnEpochOrToMixThresholds() throws Exception {
        IssuerDirectory.keygen(dir, 3, 2, WEEK_ONE, EnumSet.allOf(TicketType.class), new SecureRandom());

        assertThatThrownBy(() -> IssuerDirectory.keygen(dir, 3, 2, WEEK_ONE, EnumSet.allOf(TicketType.class), new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch 42 already exists");
        assertThatThrownBy(() -> IssuerDirectory.keygen(dir, 5, 3, WEEK_TWO, EnumSet.allOf(TicketType.class), new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a 2-of-3 issuer set");
    }

    @Test
    void issuesValidTicketsOfTheCurrentEpochWithTheFirstTSigners() throws Exception {
        IssuerDirectory.keygen(dir, 3, 2, WEEK_ONE, EnumSet.allOf(TicketType.class), new SecureRandom());
        Files.delete(IssuerDirectory.signerFile(dir, 1));
        IssuerDirectory issuer = IssuerDirectory.load(dir);

        List<Ticket> tickets = issuer.issue(TicketType.MIXNET_EXIT, OptionalLong.empty(), 3,
                WEEK_ONE.validFrom().plusSeconds(10), new SecureRandom());

        assertThat(tickets).hasSize(3).allSatisfy(ticket -> {
            assertThat(ticket.ticketType()).isEqualTo(TicketType.MIXNET_EXIT);
            assertThat(ticket.epoch()).isEqualTo(42);
            assertThat(ticket.validUntil()).isEqualTo(WEEK_ONE.validUntil());
            assertThat(ticket.spent()).isFalse();
        });
        assertThat(tickets).extracting(t -> java.util.HexFormat.of().formatHex(t.serial())).doesNotHaveDuplicates();
    }

    @Test
    void cannotIssueWithFewerSignerFilesThanTheThreshold() throws Exception {
        IssuerDirectory.keygen(dir, 3, 2, WEEK_ONE, EnumSet.allOf(TicketType.class), new SecureRandom());
        Files.delete(IssuerDirectory.signerFile(dir, 1));
        Files.delete(IssuerDirectory.signerFile(dir, 3));

        assertThatThrownBy(() -> IssuerDirectory.load(dir).issue(TicketType.MIXNET_EXIT, OptionalLong.of(42), 1,
                Instant.now(), new SecureRandom()))
                .isInstanceOf(IssuanceException.class).hasMessageContaining("only 1 signer files").hasMessageContaining("2 are needed");
    }

    @Test
    void aVerificationKeysFileWithAKeyOutsideG2IsRefusedWithTheFileNamed() throws Exception {
        IssuerDirectory.keygen(dir, 3, 2, WEEK_ONE, EnumSet.of(TicketType.MIXNET_ENTRY), new SecureRandom());
        Path file = dir.resolve("verification-keys.json");
        String json = Files.readString(file);
        String key = json.replaceAll("(?s).*\"verification_key\" : \"([0-9a-f]+)\".*", "$1");
        Files.writeString(file, json.replace(key, "c0" + "00".repeat(95)));

        assertThatThrownBy(() -> KeyFiles.readVerificationKeys(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ": verification_key is the point at infinity");
    }
}
