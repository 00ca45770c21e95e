package io.lpreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.engine.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** register, probe, bench and demo as a user runs them, against the real gateway on 127.0.0.1. */
class ClientCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Lpreg.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
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
        Run json = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--json"));
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json().get("registered").asBoolean()).isTrue();
        assertThat(json.json().get("ipv4").asText()).startsWith("10.1.");
        assertThat(json.json().get("endpoint").asText()).isEqualTo("203.0.113.7:51822");

        Run wgQuick = run(concat(concat(new String[] {"register"}, target()), "--use-mock-ecash", "--wire", "v2", "--wg-quick"));
        assertThat(wgQuick.exitCode()).as(wgQuick.err()).isZero();
        assertThat(wgQuick.out()).startsWith("[Interface]\nPrivateKey = ").contains("[Peer]", "Endpoint = 203.0.113.7:51822",
                "AllowedIPs = 0.0.0.0/0, ::/0").containsPattern("Address = 10\\.1\\.\\d+\\.\\d+/32, fd00::[0-9a-f]+/128");
    }

    @Test
    void registerWithSuppliedCredentialBytesSpeaksV2AndReportsARefusal() {
        Run run = run(concat(concat(new String[] {"register"}, target()), "--credential", "test-voucher:72656a656374"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("refused by the gateway: Credential verification failed: voucher signature does not verify");
    }

    @Test
    void registerWithoutACredentialSaysWhatToPass() {
        Run run = run(concat(new String[] {"register"}, target()));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--use-mock-ecash");
    }

    @Test
    void probeReportsEveryStepAsJson() throws Exception {
        Run ok = run(concat(concat(new String[] {"probe"}, target()), "--only-lp-registration", "--use-mock-ecash", "--json"));
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        JsonNode lp = ok.json().get("lp");
        assertThat(lp.get("can_connect").asBoolean()).isTrue();
        assertThat(lp.get("can_handshake").asBoolean()).isTrue();
        assertThat(lp.get("can_register").asBoolean()).isTrue();
        assertThat(lp.get("error").isNull()).isTrue();
        assertThat(lp.get("latency_ms").get("handshake").asDouble()).isPositive();

        Run wrongKey = run("probe", "--gateway", "127.0.0.1:" + gateway.address().getPort(), "--gateway-key",
                "lp:" + "11".repeat(32), "--use-mock-ecash", "--json");
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.json().get("lp").get("can_connect").asBoolean()).isTrue();
        assertThat(wrongKey.json().get("lp").get("can_handshake").asBoolean()).isFalse();
    }

    @Test
    void benchAgainstTheGatewayReportsRateLatencyAndTheBound() throws Exception {
        Run run = run(concat(concat(new String[] {"bench"}, target()), "--n", "40", "--concurrency", "4", "--warmup", "5", "--json"));
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
    void benchEmbeddedStartsItsOwnGateway() throws Exception {
        Run run = run("bench", "--embedded", "--n", "30", "--concurrency", "3", "--warmup", "0", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("registered").asInt()).isEqualTo(30);
        assertThat(run.json().get("embedded").asBoolean()).isTrue();
    }

    @Test
    void demoRegistersAHandfulOfClientsAndExitsZero() {
        Run run = run("demo");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("registered").contains("gateway metrics: ");
        assertThat(run.out().lines().filter(line -> line.matches("^\\d+ +v[12] .*registered.*"))).hasSize(6);
    }
}
