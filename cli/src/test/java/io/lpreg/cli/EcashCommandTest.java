package io.lpreg.cli;

import io.lpreg.ecash.issuer.IssuerDirectory;
import io.lpreg.ecash.issuer.KeyFiles;
import io.lpreg.ecash.issuer.VerificationKeys;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketWallet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EcashCommandTest {
    @TempDir
    Path dir;

    @Test
    void keygenWritesSignerSharesAndVerificationKeysAndIssueFillsAWallet() throws Exception {
        Path issuer = dir.resolve("issuer");
        Path wallet = dir.resolve("wallet");

        Run keygen = run("ecash", "keygen", "--signers", "5", "--threshold", "3", "--epoch", "7",
                "--ticket-types", "wireguard-entry,mixnet-exit", "--validity", "2d", "--issuer", issuer.toString());
        Run issue = run("ecash", "issue", "--issuer", issuer.toString(), "--ticket-type", "wireguard-entry",
                "--count", "3", "--wallet", wallet.toString());

        assertThat(keygen.exitCode).as(keygen.err).isZero();
        assertThat(issue.exitCode).as(issue.err).isZero();
        VerificationKeys keys = KeyFiles.readVerificationKeys(issuer.resolve("verification-keys.json"));
        assertThat(keys.signers()).isEqualTo(5);
        assertThat(keys.threshold()).isEqualTo(3);
        assertThat(keys.epoch(7).orElseThrow().keys()).containsOnlyKeys(TicketType.WIREGUARD_ENTRY, TicketType.MIXNET_EXIT);
        assertThat(Duration.between(keys.epoch(7).orElseThrow().window().validFrom(),
                keys.epoch(7).orElseThrow().window().validUntil())).isEqualTo(Duration.ofDays(2));
        for (int i = 1; i <= 5; i++) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(IssuerDirectory.signerFile(issuer, i))))
                    .isEqualTo("rw-------");
        }
        TicketWallet loaded = TicketWallet.load(wallet);
        assertThat(loaded.tickets()).hasSize(3).allSatisfy(ticket -> {
            assertThat(ticket.ticketType()).isEqualTo(TicketType.WIREGUARD_ENTRY);
            assertThat(ticket.epoch()).isEqualTo(7);
            assertThat(ticket.spent()).isFalse();
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wallet))).isEqualTo("rw-------");
        assertThat(issue.out).contains("issued 3 wireguard-entry tickets of epoch 7");
    }

    @Test
    void issueAppendsToAnExistingWalletAndRefusesATypeTheEpochLacks() throws Exception {
        Path issuer = dir.resolve("issuer");
        Path wallet = dir.resolve("wallet");
        run("ecash", "keygen", "--signers", "3", "--threshold", "2", "--epoch", "1", "--ticket-types", "mixnet-entry",
                "--issuer", issuer.toString());

        run("ecash", "issue", "--issuer", issuer.toString(), "--ticket-type", "mixnet-entry", "--count", "2", "--wallet", wallet.toString());
        run("ecash", "issue", "--issuer", issuer.toString(), "--ticket-type", "mixnet-entry", "--wallet", wallet.toString());
        Run refused = run("ecash", "issue", "--issuer", issuer.toString(), "--ticket-type", "wireguard-exit",
                "--wallet", wallet.toString());

        assertThat(TicketWallet.load(wallet).tickets()).hasSize(3).extracting(Ticket::ticketType)
                .containsOnly(TicketType.MIXNET_ENTRY);
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err).isEqualTo("lpreg ecash issue: epoch 1 has no key for wireguard-exit\n");
    }

    @Test
    void keygenRefusesToReplaceAnEpoch() {
        Path issuer = dir.resolve("issuer");
        run("ecash", "keygen", "--signers", "3", "--threshold", "2", "--epoch", "1", "--issuer", issuer.toString());

        Run again = run("ecash", "keygen", "--signers", "3", "--threshold", "2", "--epoch", "1", "--issuer", issuer.toString());

        assertThat(again.exitCode).isEqualTo(2);
        assertThat(again.err).startsWith("lpreg ecash keygen: epoch 1 already exists");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Lpreg.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
