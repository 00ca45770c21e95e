package io.lpreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.spi.TicketType;
import io.lpreg.zknym.IssuerKeyFiles;
import io.lpreg.zknym.SpendVerifier;
import io.lpreg.zknym.Verdict;
import io.lpreg.zknym.VerificationKey;
import io.lpreg.zknym.ZkNymSpend;
import io.lpreg.zknym.ZkNymWallet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ZkNymCommandTest {
    @TempDir
    Path dir;

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void keygenWritesSecretSignerSharesTheAggregatedKeyAndTheGatewaysKeysFile() throws Exception {
        Path issuer = dir.resolve("issuer");

        CliRun keygen = CliRun.run("zknym", "keygen", "--dir", issuer.toString(), "--signers", "5", "--threshold", "3", "--epoch", "9");

        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        assertThat(keygen.out()).contains("zk-nym keys of epoch 9, 3-of-5").contains("verification-keys.json");
        for (int i = 1; i <= 5; i++) {
            Path signer = issuer.resolve("signer-" + i + ".json");
            assertThat(mode(signer)).isEqualTo("rw-------");
            IssuerKeyFiles.SignerFile file = IssuerKeyFiles.readSigner(signer);
            assertThat(file.signer().index()).isEqualTo(i);
            assertThat(file.threshold()).isEqualTo(3);
            assertThat(file.epochId()).isEqualTo(9);
        }
        IssuerKeyFiles.VerificationKeyFile key = IssuerKeyFiles.readVerificationKey(issuer.resolve("verification-key.json"));
        assertThat(key.epochId()).isEqualTo(9);
        assertThat(mode(issuer.resolve("verification-key.json"))).isEqualTo("rw-r--r--");

        Path gatewayKeys = issuer.resolve("verification-keys.json");
        assertThat(mode(gatewayKeys)).isEqualTo("rw-r--r--");
        JsonNode epochs = new ObjectMapper().readTree(gatewayKeys.toFile());
        assertThat(epochs.isArray()).isTrue();
        assertThat(epochs).singleElement().satisfies(entry -> {
            assertThat(entry.get("epoch_id").asLong()).isEqualTo(9);
            assertThat(VerificationKey.fromJson(entry.get("key"))).isEqualTo(key.verificationKey());
            assertThat(entry.get("key").get("beta_g2")).hasSize(5); // Nym's ttp_keygen: attributes + 1
        });
    }

    @Test
    void issueWritesAPrivateWalletOf50TicketsThatSpendAndVerifyUnderTheKey() throws Exception {
        Path issuer = dir.resolve("issuer");
        Path wallet = dir.resolve("wallet.json");
        CliRun.run("zknym", "keygen", "--dir", issuer.toString());

        CliRun issue = CliRun.run("zknym", "issue", "--dir", issuer.toString(), "--wallet", wallet.toString(),
                "--ticket-type", "mixnet-exit");

        assertThat(issue.exitCode()).as(issue.err()).isZero();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(issue.out()).contains("issued 50 mixnet-exit zk-nyms of epoch 1, signed by signers [1, 2], spendable "
                + today + " .. " + today.plusDays(6));
        assertThat(mode(wallet)).isEqualTo("rw-------");
        ZkNymWallet opened = ZkNymWallet.open(wallet);
        assertThat(opened.remaining()).isEqualTo(50);
        assertThat(opened.ticketbook().tType()).isEqualTo(TicketType.MIXNET_EXIT.index());
        assertThat(opened.ticketbook().expirationDate()).isEqualTo(today.plusDays(6));
        ZkNymSpend spend = ZkNymSpend.fromBytes(opened.nextSpend(new byte[32], Instant.now(), new SecureRandom()));
        VerificationKey key = IssuerKeyFiles.readVerificationKey(issuer.resolve("verification-key.json")).verificationKey();
        assertThat(new SpendVerifier().verify(key, spend)).isEqualTo(Verdict.OK);
    }

    @Test
    void issueTakesAnExpirationDateAndDefaultsToWireGuardEntry() throws Exception {
        Path issuer = dir.resolve("issuer");
        CliRun.run("zknym", "keygen", "--dir", issuer.toString());
        LocalDate expiration = LocalDate.now(ZoneOffset.UTC).plusDays(2);

        CliRun issue = CliRun.run("zknym", "issue", "--dir", issuer.toString(), "--wallet", dir.resolve("w").toString(),
                "--expiration", expiration.toString());

        assertThat(issue.exitCode()).as(issue.err()).isZero();
        ZkNymWallet opened = ZkNymWallet.open(dir.resolve("w"));
        assertThat(opened.ticketbook().expirationDate()).isEqualTo(expiration);
        assertThat(opened.ticketbook().tType()).isEqualTo(TicketType.WIREGUARD_ENTRY.index());
    }

    @Test
    void issueWithFewerSignerFilesThanTheThresholdFailsSayingHowManyItNeeds() throws Exception {
        Path issuer = dir.resolve("issuer");
        CliRun.run("zknym", "keygen", "--dir", issuer.toString(), "--signers", "3", "--threshold", "2");
        Files.delete(issuer.resolve("signer-1.json"));
        Files.delete(issuer.resolve("signer-3.json"));

        CliRun issue = CliRun.run("zknym", "issue", "--dir", issuer.toString(), "--wallet", dir.resolve("w").toString());

        assertThat(issue.exitCode()).isEqualTo(1);
        assertThat(issue.err()).isEqualTo("lpreg zknym issue: " + issuer + " holds 1 signer file of epoch 1, and a "
                + "ticketbook needs 2 signers (the threshold)\n");
        assertThat(dir.resolve("w")).doesNotExist();
    }

    @Test
    void issueUsesAnyThresholdManySigners() throws Exception {
        Path issuer = dir.resolve("issuer");
        CliRun.run("zknym", "keygen", "--dir", issuer.toString(), "--signers", "3", "--threshold", "2");
        Files.delete(issuer.resolve("signer-1.json"));

        CliRun issue = CliRun.run("zknym", "issue", "--dir", issuer.toString(), "--wallet", dir.resolve("w").toString());

        assertThat(issue.exitCode()).as(issue.err()).isZero();
        assertThat(issue.out()).contains("signed by signers [2, 3]");
        ZkNymSpend spend = ZkNymSpend.fromBytes(ZkNymWallet.open(dir.resolve("w")).nextSpend(new byte[32], Instant.now(), new SecureRandom()));
        VerificationKey key = IssuerKeyFiles.readVerificationKey(issuer.resolve("verification-key.json")).verificationKey();
        assertThat(new SpendVerifier().verify(key, spend)).isEqualTo(Verdict.OK);
    }

    @Test
    void wrongValuesAreUsageErrorsAndNothingIsOverwritten() throws Exception {
        Path issuer = dir.resolve("issuer");
        CliRun.run("zknym", "keygen", "--dir", issuer.toString());
        String key = Files.readString(issuer.resolve("verification-key.json"));
        Files.writeString(dir.resolve("existing"), "mine");

        CliRun again = CliRun.run("zknym", "keygen", "--dir", issuer.toString());
        CliRun badThreshold = CliRun.run("zknym", "keygen", "--dir", dir.resolve("other").toString(), "--signers", "2", "--threshold", "3");
        CliRun noKeys = CliRun.run("zknym", "issue", "--dir", dir.resolve("nowhere").toString(), "--wallet", dir.resolve("w").toString());
        CliRun badType = CliRun.run("zknym", "issue", "--dir", issuer.toString(), "--wallet", dir.resolve("w").toString(), "--ticket-type", "gold");
        CliRun past = CliRun.run("zknym", "issue", "--dir", issuer.toString(), "--wallet", dir.resolve("w").toString(), "--expiration", "2020-01-01");
        CliRun existing = CliRun.run("zknym", "issue", "--dir", issuer.toString(), "--wallet", dir.resolve("existing").toString());

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already holds zk-nym keys");
        assertThat(Files.readString(issuer.resolve("verification-key.json"))).isEqualTo(key);
        assertThat(badThreshold.exitCode()).isEqualTo(2);
        assertThat(noKeys.exitCode()).isEqualTo(2);
        assertThat(noKeys.err()).contains("no zk-nym keys there (lpreg zknym keygen --dir DIR makes them)");
        assertThat(badType.exitCode()).isEqualTo(2);
        assertThat(past.exitCode()).isEqualTo(2);
        assertThat(past.err()).contains("--expiration 2020-01-01 has passed");
        assertThat(existing.exitCode()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("existing"))).isEqualTo("mine");
    }
}
