package io.lpreg.cli;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.protocol.wire.WireVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lpreg gateway} as a process: its start line, a registration, and a graceful stop on SIGTERM. */
class GatewayCommandTest {
    private static final Pattern START_LINE = Pattern.compile(
            "lpreg gateway listening on 127\\.0\\.0\\.1:(\\d+) identity_key=([0-9a-f]{64}) lp_key=([0-9a-f]{64}) metrics=http://127\\.0\\.0\\.1:\\d+/metrics");

    @TempDir
    Path dir;

    @Test
    void printsOneStartLineServesAndStopsGracefullyOnSigterm() throws Exception {
        Path plugins = Path.of(System.getProperty("lpreg.test.plugins"));
        Path log = dir.resolve("gateway.log");
        Process gateway = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Dguice_bytecode_gen_option=DISABLED",
                "-cp", System.getProperty("java.class.path"), Lpreg.class.getName(), "gateway",
                "--data-dir", dir.resolve("data").toString(), "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0",
                "--plugins", plugins.toString(), "--ecash", "mock")
                .redirectError(log.toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as(Files.exists(log) ? Files.readString(log) : "").isNotNull();
            Matcher start = START_LINE.matcher(line);
            assertThat(start.matches()).as(line).isTrue();
            assertThat(dir.resolve("data").resolve("identity.key")).isRegularFile();

            RegistrationResult result = new LpRegistrationClient(new MockCredentialSource()).register(
                    new GatewayTarget(new InetSocketAddress("127.0.0.1", Integer.parseInt(start.group(1))),
                            GatewayKey.identity(HexFormat.of().parseHex(start.group(2)))),
                    RegistrationOptions.mixnet(new byte[32], WireVersion.V1));
            assertThat(result.isRegistered()).as(result.toString()).isTrue();

            gateway.destroy(); // SIGTERM
            assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("gateway stopped")
                    .as("ecash-bls is bundled but not selected: its missing keys are nobody's trouble")
                    .doesNotContain("BlsTicketVerifier").doesNotContain("failed in its constructor");
        } finally {
            gateway.destroyForcibly();
        }
    }

    @Test
    void aSelectedVerifierThatCannotBeCreatedStopsTheStartWithItsReason() throws Exception {
        Path plugins = Path.of(System.getProperty("lpreg.test.plugins"));
        Process gateway = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Dguice_bytecode_gen_option=DISABLED",
                "-cp", System.getProperty("java.class.path"), Lpreg.class.getName(), "gateway",
                "--data-dir", dir.resolve("data").toString(), "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0",
                "--plugins", plugins.toString(), "--ecash", "bls")
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(gateway.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(gateway.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("lpreg gateway: cannot start: ").contains("verification_keys is not set");
        } finally {
            gateway.destroyForcibly();
        }
    }
}
