package io.lpreg.cli;

import io.lpreg.cli.testing.GatewayProcess;
import io.lpreg.plugin.ecash.zknym.NymApiStandIn;
import io.lpreg.zknym.IssuerKeyFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code lpreg gateway} with the zknym verifier taking its keys from a nym-api (no keys file) and reporting
 * every accepted zk-nym to the quorum of signers, both the plugin's {@link NymApiStandIn} over real HTTP on
 * 127.0.0.1; {@code lpreg register --zknym-wallet} pays.
 */
class ZkNymQuorumCliTest {
    private static final String GATEWAY_ADDRESS = "n1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private NymApiStandIn nymApi;
    private Path config;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        nymApi = NymApiStandIn.started();
        keygen(1);
        String url = nymApi.baseUrl().toString();
        config = Files.writeString(dir.resolve("gateway.toml"), """
                [ecash]
                verifiers = ["zknym"]
                settlement_retry_min = "200ms"
                settlement_retry_max = "1s"

                [plugins.ecash-zknym]
                nym_api = ["%s"]
                signers = ["%s"]
                gateway_address = "%s"
                key_retry_after = "1s"
                """.formatted(url, url, GATEWAY_ADDRESS));
        gateway = GatewayProcess.start(config, dir.resolve("data"));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        nymApi.close();
    }

    @Test
    void keysComeFromTheNymApiAndEveryAcceptedZkNymReachesTheSigners() {
        Path wallet = wallet(1);

        Run first = register(wallet);
        Run second = register(wallet);

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(nymApi.keyRequests(1)).as("asked once, then cached").isEqualTo(1);
        await().atMost(PATIENCE).until(() -> nymApi.tickets().size() == 2);
        assertThat(nymApi.tickets()).allSatisfy(ticket ->
                assertThat(ticket.get("gateway_cosmos_addr").asText()).isEqualTo(GATEWAY_ADDRESS));
    }

    @Test
    void whileTheNymApiIsDownAFreshEpochIsKeyUnavailableAndReportsWaitInTheOutboxUntilItIsBack() throws Exception {
        Path epochOne = wallet(1);
        assertThat(register(epochOne).exitCode()).isZero();
        await().atMost(PATIENCE).until(() -> nymApi.tickets().size() == 1);
        Path epochTwo = wallet(keygen(2));

        nymApi.stop();
        Run fresh = register(epochTwo);
        Run cached = register(epochOne);

        assertThat(fresh.exitCode()).isEqualTo(1);
        assertThat(fresh.out()).contains("key_unavailable");
        assertThat(cached.exitCode()).as("epoch 1's key is cached: " + cached.out()).isZero();
        await().atMost(PATIENCE).until(() -> gateway.metric("lp_settlements_total", "outcome=\"retry\"")
                + gateway.metric("lp_settlements_total", "outcome=\"error\"") >= 1);
        assertThat(nymApi.tickets()).hasSize(1);

        nymApi.start();

        await().atMost(PATIENCE).until(() -> nymApi.tickets().size() == 2);
        await().atMost(PATIENCE).until(() -> register(epochTwo).exitCode() == 0);
    }

    @Test
    void aGatewayRestartedWithReportsStillInTheOutboxDeliversThem() throws Exception {
        Path wallet = wallet(1);
        assertThat(register(wallet).exitCode()).isZero();
        await().atMost(PATIENCE).until(() -> nymApi.tickets().size() == 1);

        nymApi.stop();
        Run undelivered = register(wallet);
        assertThat(undelivered.exitCode()).as(undelivered.out()).isZero();
        await().atMost(PATIENCE).until(() -> gateway.metric("lp_settlements_total", "outcome=\"retry\"")
                + gateway.metric("lp_settlements_total", "outcome=\"error\"") >= 1);
        gateway.close();
        gateway = null;

        nymApi.start();
        gateway = GatewayProcess.start(config, dir.resolve("data"));

        await().atMost(PATIENCE).until(() -> nymApi.tickets().size() == 2);
    }

    /** {@code lpreg zknym keygen} of one epoch; its key is what the nym-api stand-in serves for it. */
    private long keygen(long epoch) throws Exception {
        Path issuer = dir.resolve("issuer-" + epoch);
        Run keygen = lpreg("zknym", "keygen", "--dir", issuer.toString(), "--epoch", String.valueOf(epoch));
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        nymApi.serve(epoch, IssuerKeyFiles.readVerificationKey(issuer.resolve("verification-key.json")).verificationKey());
        return epoch;
    }

    private Path wallet(long epoch) {
        Path wallet = dir.resolve("epoch-" + epoch + ".wallet");
        if (!Files.exists(wallet)) {
            Run issue = lpreg("zknym", "issue", "--dir", dir.resolve("issuer-" + epoch).toString(), "--wallet", wallet.toString(),
                    "--ticket-type", "mixnet-entry");
            assertThat(issue.exitCode()).as(issue.err()).isZero();
        }
        return wallet;
    }

    private Run register(Path wallet) {
        return lpreg(Stream.of(new String[] {"register"}, gateway.target(),
                new String[] {"--mode", "mixnet", "--zknym-wallet", wallet.toString()}).flatMap(Stream::of).toArray(String[]::new));
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run lpreg(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Lpreg.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
