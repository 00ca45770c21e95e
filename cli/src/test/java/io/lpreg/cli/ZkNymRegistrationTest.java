package io.lpreg.cli;

import io.lpreg.cli.testing.GatewayProcess;
import io.lpreg.zknym.ZkNymWallet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real zk-nyms end to end, as a user runs them: keys from {@code lpreg zknym keygen}, named by
 * {@code [plugins.ecash-zknym] verification_keys} of an {@code lpreg gateway --config} process selecting the
 * zknym verifier, and {@code lpreg register} paying from a wallet or with a zk-nym given as hex (mixnet mode,
 * which any machine allows).
 */
class ZkNymRegistrationTest {
    @TempDir
    static Path dir;
    static GatewayProcess gateway;
    private static final AtomicInteger wallets = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Path issuer = dir.resolve("issuer");
        CliRun keygen = CliRun.run("zknym", "keygen", "--dir", issuer.toString());
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        Path config = Files.writeString(dir.resolve("gateway.toml"), """
                [ecash]
                verifiers = ["zknym"]

                [plugins.ecash-zknym]
                verification_keys = "%s"
                """.formatted(issuer.resolve("verification-keys.json")));
        gateway = GatewayProcess.start(config, dir.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static Path wallet() {
        Path wallet = dir.resolve("wallet-" + wallets.incrementAndGet());
        CliRun issue = CliRun.run("zknym", "issue", "--dir", dir.resolve("issuer").toString(), "--wallet", wallet.toString(),
                "--ticket-type", "mixnet-entry");
        assertThat(issue.exitCode()).as(issue.err()).isZero();
        return wallet;
    }

    private static CliRun register(String... args) {
        return CliRun.run(Stream.of(new String[] {"register"}, gateway.target(), new String[] {"--mode", "mixnet"}, args)
                .flatMap(Stream::of).toArray(String[]::new));
    }

    @Test
    void registerWithAZkNymWalletSpendsTheNextTicketEachTime() throws Exception {
        Path wallet = wallet();

        CliRun first = register("--zknym-wallet", wallet.toString(), "--json");
        CliRun second = register("--zknym-wallet", wallet.toString(), "--json");
        CliRun overV2 = register("--zknym-wallet", wallet.toString(), "--wire", "v2", "--json");

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.json().get("registered").asBoolean()).isTrue();
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(overV2.exitCode()).as("a nym-zknym envelope: " + overV2.out() + overV2.err()).isZero();
        assertThat(ZkNymWallet.open(wallet).nextTicketIndex()).isEqualTo(3);
    }

    @Test
    void aZkNymGivenAsHexRegistersAndTheSameHexAgainIsRefusedAsAlreadySpent() throws Exception {
        byte[] spend = ZkNymWallet.open(wallet()).nextSpend(HexFormat.of().parseHex(gateway.identityKey()), Instant.now(),
                new SecureRandom());
        String credential = "nym-zknym:" + HexFormat.of().formatHex(spend);

        CliRun first = register("--credential", credential);
        CliRun again = register("--credential", credential);

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).startsWith("registered with ");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).contains("refused by the gateway: ").contains("already spent");
    }

    @Test
    void aZkNymHexThatIsNotHexOrNotACredentialIsAUsageError() {
        CliRun notHex = register("--credential", "nym-zknym:12zz");
        CliRun notACredential = register("--credential", "nym-zknym:" + "00".repeat(120));

        assertThat(notHex.exitCode()).isEqualTo(2);
        assertThat(notHex.err()).startsWith("lpreg register: --credential nym-zknym: not hex: ");
        assertThat(notACredential.exitCode()).isEqualTo(2);
        assertThat(notACredential.err()).startsWith("lpreg register: --credential nym-zknym: not a zk-nym in Nym's "
                + "CredentialSpendingData::to_bytes form (120 bytes): ");
    }

    @Test
    void aZkNymWalletPaysOnlyAGatewayKnownByItsIdentityKeyAndOnlyForItsTicketType() throws Exception {
        Path wallet = wallet();

        CliRun lpKeyOnly = CliRun.run("register", "--gateway", gateway.address(), "--gateway-key", "lp:" + gateway.lpKey(),
                "--mode", "mixnet", "--zknym-wallet", wallet.toString());
        CliRun otherType = register("--zknym-wallet", wallet.toString(), "--ticket-type", "mixnet-exit");

        assertThat(lpKeyOnly.exitCode()).isEqualTo(1);
        assertThat(lpKeyOnly.out()).contains("give the gateway's identity key, not its LP key");
        assertThat(otherType.exitCode()).isEqualTo(1);
        assertThat(otherType.out()).contains("holds mixnet-entry tickets, not mixnet-exit ones");
        assertThat(ZkNymWallet.open(wallet).nextTicketIndex()).as("nothing spent").isZero();
    }
}
