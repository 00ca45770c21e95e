package io.lpreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lpreg.engine.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** register, probe, bench and demo as a user runs them, against the real gateway on 127.0.0.1. */
class ClientCommandsTest {
    @TempDir
    static Path dir;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(dir);
        // what the launcher does: -Dlpreg.home=<dist>, whose plugins/ holds the bundled plugins
        Path home = Files.createDirectories(dir.resolve("home").resolve("plugins"));
        for (Path zip : TestGateway.pluginZips()) {
            Files.copy(zip, home.resolve(zip.getFileName()));
        }
        System.setProperty("lpreg.home", home.getParent().toString());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        System.clearProperty("lpreg.home");
    }

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    private static String[] target() {
        return new String[] {"--gateway", "127.0.0.1:" + gateway.address().getPort(),
                "--gateway-key", HexFormat.of().formatHex(gateway.gateway().identityKey())};
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void registerPrintsTheWireGuardConfiguration() throws Exception {
        CliRun json = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--json"));
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json().get("registered").asBoolean()).isTrue();
        assertThat(json.json().get("ipv4").asText()).startsWith("10.1.");
        assertThat(json.json().get("endpoint").asText()).isEqualTo("203.0.113.7:51822");

        CliRun wgQuick = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--wire", "v2", "--wg-quick"));
        assertThat(wgQuick.exitCode()).as(wgQuick.err()).isZero();
        assertThat(wgQuick.out()).startsWith("[Interface]\nPrivateKey = ").contains("[Peer]", "Endpoint = 203.0.113.7:51822",
                "AllowedIPs = 0.0.0.0/0, ::/0").containsPattern("Address = 10\\.1\\.\\d+\\.\\d+/32, fd00::[0-9a-f]+/128");
    }

    @Test
    void registerWithSuppliedCredentialBytesSpeaksV2AndReportsARefusal() {
        CliRun run = run(concat(concat(new String[] {"register"}, target()), "--credential", "test-voucher:72656a656374"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("refused by the gateway: Credential verification failed: voucher signature does not verify");
    }

    @Test
    void registerWithoutACredentialSaysWhatToPass() {
        CliRun run = run(concat(new String[] {"register"}, target()));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--use-mock-ecash");
    }

    @Test
    void probeReportsEveryStepAsJson() throws Exception {
        CliRun ok = run(concat(concat(new String[] {"probe"}, target()), "--only-lp-registration", "--use-mock-ecash", "--json"));
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        JsonNode lp = ok.json().get("lp");
        assertThat(lp.get("can_connect").asBoolean()).isTrue();
        assertThat(lp.get("can_handshake").asBoolean()).isTrue();
        assertThat(lp.get("can_register").asBoolean()).isTrue();
        assertThat(lp.get("error").isNull()).isTrue();
        assertThat(lp.get("latency_ms").get("handshake").asDouble()).isPositive();

        CliRun wrongKey = run("probe", "--gateway", "127.0.0.1:" + gateway.address().getPort(), "--gateway-key",
                "lp:" + "11".repeat(32), "--use-mock-ecash", "--json");
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.json().get("lp").get("can_connect").asBoolean()).isTrue();
        assertThat(wrongKey.json().get("lp").get("can_handshake").asBoolean()).isFalse();
    }

    @Test
    void benchAgainstTheGatewayReportsRateLatencyAndTheBound() throws Exception {
        CliRun run = run(concat(concat(new String[] {"bench"}, target()), "--use-mock-ecash", "--n", "40", "--concurrency", "4",
                "--warmup", "5", "--json"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("registered").asInt()).isEqualTo(40);
        assertThat(json.get("registrations_per_second").asDouble()).isPositive();
        assertThat(json.get("latency_ms").get("total").get("p50").asDouble()).isPositive();
        assertThat(json.get("x25519").get("bound_registrations_per_second").asDouble()).isPositive();
        assertThat(json.get("fraction_of_bound").asDouble()).isPositive();
        // the distribution ships crypto-libsodium, so the CLI's handshakes and its bound run on it
        assertThat(json.get("x25519").get("backend").asText()).isEqualTo("libsodium");
    }

    @Test
    void benchEmbeddedMeasuresTheHeapPerIdleConnectionFromAnotherProcessAndPerCompletedSession() throws Exception {
        CliRun run = run("bench", "--embedded", "--use-mock-ecash", "--idle-connections", "400", "--n", "200",
                "--concurrency", "4", "--warmup", "50", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode memory = run.json().get("memory");
        assertThat(memory.get("idle_connections").asInt()).isEqualTo(400);
        assertThat(memory.get("sources").asInt()).isEqualTo(50);
        assertThat(memory.get("sessions").asInt()).isEqualTo(200);
        // a channel, its pipeline and an LP session each: some hundreds of bytes to a few kilobytes, not nothing
        assertThat(memory.get("heap_bytes_per_idle_connection").asDouble()).isBetween(300.0, 50_000.0);
        assertThat(memory.get("heap_bytes_per_completed_session").asDouble()).isLessThan(50_000.0);

        assertThat(run(concat(new String[] {"bench", "--idle-connections", "10"}, target())).exitCode())
                .as("a remote gateway's heap is not ours to measure").isEqualTo(2);
    }

    @Test
    void benchEmbeddedStartsItsOwnGateway() throws Exception {
        CliRun run = run("bench", "--embedded", "--use-mock-ecash", "--n", "30", "--concurrency", "3", "--warmup", "0", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("registered").asInt()).isEqualTo(30);
        assertThat(run.json().get("embedded").asBoolean()).isTrue();
    }

    @Test
    void registerInMixnetModePrintsTheClientIdItCreditedAndTakesOneChosenByTheUser() throws Exception {
        CliRun random = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--mode", "mixnet"));
        assertThat(random.exitCode()).as(random.err()).isZero();
        assertThat(random.out()).containsPattern("mixnet client id +[0-9a-f]{64}");

        String chosen = "ab".repeat(32);
        CliRun json = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--mode", "mixnet",
                "--client-id", chosen, "--json"));
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json().get("client_id").asText()).isEqualTo(chosen);

        CliRun shortId = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--mode", "mixnet",
                "--client-id", "abcd"));
        assertThat(shortId.exitCode()).isEqualTo(2);
        assertThat(shortId.err()).contains("--client-id: expected 32 bytes");
    }

    @Test
    void everyTicketTypeCanBeChosenAndAnUnknownOneIsAUsageError() throws Exception {
        for (String type : List.of("mixnet-entry", "mixnet-exit", "wireguard-entry", "wireguard-exit")) {
            CliRun run = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--ticket-type", type, "--json"));
            assertThat(run.exitCode()).as(type + ": " + run.err()).isZero();
        }
        CliRun unknown = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--ticket-type", "gold"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--ticket-type gold: expected mixnet-entry, mixnet-exit, wireguard-entry or wireguard-exit");
    }

    @Test
    void errorsNameTheFlagThatIsWrong() {
        CliRun badAddress = run("register", "--gateway", "127.0.0.1:notaport", "--gateway-key", "00".repeat(32), "--use-mock-ecash");
        assertThat(badAddress.exitCode()).isEqualTo(2);
        assertThat(badAddress.err()).startsWith("lpreg register: --gateway 127.0.0.1:notaport: ");

        CliRun badKey = run("probe", "--gateway", "127.0.0.1:1", "--gateway-key", "xyz", "--use-mock-ecash");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).startsWith("lpreg probe: --gateway-key xyz: 'x' is not a hex digit. Expected ");

        CliRun noWallet = run(concat(concat(new String[] {"register"}, target()), "--wallet", dir.resolve("w").toString()));
        assertThat(noWallet.exitCode()).isEqualTo(2);
        assertThat(noWallet.err().strip()).isEqualTo("lpreg register: --wallet " + dir.resolve("w") + ": no such file "
                + "(lpreg ecash issue writes one)");
    }

    @Test
    void benchPaysOnlyWithACredentialAskedForLikeRegister() {
        CliRun none = run("bench", "--embedded", "--n", "1");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no credential: pass --use-mock-ecash");

        CliRun remote = run(concat(new String[] {"bench"}, target()));
        assertThat(remote.exitCode()).isEqualTo(2);
        assertThat(remote.err()).contains("no credential: pass --use-mock-ecash");
    }

    @Test
    void benchWithAWalletWarmsUpWithoutSpendingItsTicketsUnlessAsked() throws Exception {
        BenchCommand wallet = parseBench("--wallet", "tickets.wallet");
        assertThat(wallet.warmup).isNull();
        assertThat(BenchCommand.warmupRuns(wallet.warmup, wallet.credential)).isZero();

        BenchCommand asked = parseBench("--wallet", "tickets.wallet", "--warmup", "7");
        assertThat(BenchCommand.warmupRuns(asked.warmup, asked.credential)).isEqualTo(7);

        BenchCommand mock = parseBench("--use-mock-ecash");
        assertThat(BenchCommand.warmupRuns(mock.warmup, mock.credential)).isEqualTo(BenchCommand.DEFAULT_WARMUP);
    }

    private static BenchCommand parseBench(String... args) {
        var parsed = Lpreg.commandLine().parseArgs(concat(concat(new String[] {"bench"}, target()), args));
        return (BenchCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void usageErrorsExitWithTwoInEveryCommand() {
        assertThat(run("keygen", "--bogus").exitCode()).isEqualTo(2);
        assertThat(run("ecash", "keygen", "--signers", "3", "--threshold", "5", "--epoch", "1",
                "--issuer", dir.resolve("issuer-bad").toString()).exitCode()).isEqualTo(2);
        assertThat(run("ecash", "issue", "--issuer", dir.resolve("missing").toString(), "--ticket-type", "gold",
                "--wallet", dir.resolve("w2").toString()).exitCode()).isEqualTo(2);
        assertThat(run("ecash", "issue", "--issuer", dir.resolve("missing").toString(), "--ticket-type", "mixnet-entry",
                "--wallet", dir.resolve("w2").toString()).exitCode()).isEqualTo(2);
        assertThat(run("register", "--gateway", "x").exitCode()).isEqualTo(2);
        assertThat(run("bench", "--embedded", "--use-mock-ecash", "--n", "0").exitCode()).isEqualTo(2);
        assertThat(run("demo", "--clients", "0").exitCode()).isEqualTo(2);
        assertThat(run("gateway", "--listen", "nowhere").exitCode()).isEqualTo(2);
        assertThat(run("gateway", "--wireguard", "0.0.0.0:51822").exitCode()).isEqualTo(2);
    }

    @Test
    void demoJsonShowsEveryTunnelCarryingTrafficZkNymsOnWireV1TwoRefusedSecondSpendsAndAMixnetClient() throws Exception {
        CliRun run = run("demo", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode demo = run.json();
        assertThat(demo.get("ok").asBoolean()).isTrue();
        JsonNode clients = demo.get("clients");
        List<JsonNode> rows = new ArrayList<>();
        clients.forEach(rows::add);
        List<JsonNode> refused = rows.stream().filter(row -> row.get("result").asText().equals("refused")).toList();
        assertThat(refused).extracting(row -> row.get("paid_with").asText())
                .satisfiesExactly(zkNym -> assertThat(zkNym).isEqualTo("zk-nym of #1 again"),
                        bls -> assertThat(bls).matches("bls [a-z-]+ of #\\d+ again"));
        assertThat(refused).allSatisfy(row -> assertThat(row.get("reason").asText()).contains("already spent"));
        assertThat(refused.get(0).get("wire").asText()).isEqualTo("v1");
        assertThat(demo.get("refused").asInt()).isEqualTo(2);
        assertThat(rows).filteredOn(row -> row.get("wire").asText().equals("v1")
                && row.get("result").asText().equals("registered")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("paid_with").asText()).isEqualTo("zk-nym"));
        assertThat(rows).noneSatisfy(row -> assertThat(row.get("paid_with").asText()).contains("mock"));
        assertThat(rows).filteredOn(row -> row.get("mode").asText().equals("mixnet")
                && row.get("result").asText().equals("registered")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("client_id").asText()).hasSize(64));
        assertThat(rows).filteredOn(row -> row.get("wire").asText().equals("v2")
                && row.get("result").asText().equals("registered")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.get("paid_with").asText()).startsWith("bls "));
        if (demo.get("wireguard").asBoolean()) {
            List<JsonNode> dvpn = rows.stream().filter(row -> row.get("mode").asText().equals("dvpn")
                    && row.get("expected").asText().equals("registered")).toList();
            assertThat(dvpn).hasSize(4).allSatisfy(row -> {
                assertThat(row.get("tunnel").get("verified").asBoolean()).as(row.toString()).isTrue();
                assertThat(row.get("tunnel").get("ping_received").asInt()).isPositive();
            });
            assertThat(demo.get("tunnels_verified").asInt()).isEqualTo(4);
            assertThat(demo.get("registered").asInt()).isEqualTo(5);
        } else {
            assertThat(System.getenv("LPREG_REQUIRE_WIREGUARD")).as("the demo could not run WireGuard: "
                    + demo.get("why_no_wireguard")).isNull();
            assertThat(demo.get("why_no_wireguard").asText()).isNotBlank();
        }
    }

    @Test
    void demoLeavesNoNamespaceBehind() throws Exception {
        assumeTrue(DemoCommand.whyNoWireGuard(EmbeddedGateway.pluginsDirectory()).isEmpty(), "WireGuard cannot run here");
        CliRun run = run("demo", "--clients", "1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("1 of 1 WireGuard tunnels carry traffic").contains("all as expected");
        assertThat(HostCommands.check(List.of("ip", "netns", "list"))).doesNotContain("lpd");
    }

    @Test
    void demoWithoutWireGuardRegistersMixnetClientsAndStillRefusesBothSecondSpends() throws Exception {
        CliRun run = run("demo", "--no-wireguard", "--clients", "3", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode demo = run.json();
        assertThat(demo.get("wireguard").asBoolean()).isFalse();
        assertThat(demo.get("why_no_wireguard").asText()).isEqualTo("--no-wireguard was given");
        assertThat(demo.get("registered").asInt()).isEqualTo(3);
        assertThat(demo.get("refused").asInt()).isEqualTo(2);
        assertThat(demo.get("tunnels_verified").asInt()).isZero();
        demo.get("clients").forEach(row -> assertThat(row.get("mode").asText()).isEqualTo("mixnet"));
    }
}
