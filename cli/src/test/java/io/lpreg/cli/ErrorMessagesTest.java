package io.lpreg.cli;

import io.lpreg.client.GatewayKey;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.identity.GatewayIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The mistakes a newcomer makes first, each answered with what to do next. */
class ErrorMessagesTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private static CliRun register(String gateway, String key) {
        return CliRun.run("register", "--gateway", gateway, "--gateway-key", key, "--use-mock-ecash");
    }

    @Test
    void aGatewayKeyOfTheWrongLengthSaysHowLongAKeyIsAndWhereToFindIt() {
        CliRun run = register("127.0.0.1:41264", "abc123");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--gateway-key abc123: it has 6 hex digits, a key has 64")
                .contains("identity_key, as 'lpreg gateway' prints it").contains("lp:HEX");
    }

    @Test
    void aBase64KeyIsRecognisedAsBase64() {
        String wireGuardStyle = java.util.Base64.getEncoder().encodeToString(new byte[32]);

        CliRun run = register("127.0.0.1:41264", wireGuardStyle);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a hex digit (that looks like Base64");
    }

    @Test
    void anLpKeyGivenAsTheIdentityIsNamedAndTheLpFormShown() throws Exception {
        String lpKey = lpKeyThatIsNoEdwardsPoint();

        CliRun run = register("127.0.0.1:41264", lpKey);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("it is not an Ed25519 identity key; if it is the gateway's LP key (lp_key), "
                + "pass it as lp:" + lpKey);
    }

    /** Half of all X25519 keys are not Edwards points: one of those, as lpreg keygen prints lp_key. */
    private static String lpKeyThatIsNoEdwardsPoint() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            String lp = HEX.formatHex(GatewayIdentity.generate(random).lpPublicKey());
            try {
                GatewayKey.parse(lp);
            } catch (Exception e) {
                return lp;
            }
        }
        throw new AssertionError("200 LP keys in a row decoded as Edwards points");
    }

    @Test
    @Timeout(60)
    void noGatewayRunningAsksWhetherOneRunsThereAndHowToStartIt() throws Exception {
        int port = freePort();
        String identity = HEX.formatHex(GatewayIdentity.generate(new SecureRandom()).ed25519PublicKey());

        CliRun probe = CliRun.run("probe", "--gateway", "127.0.0.1:" + port, "--gateway-key", identity,
                "--use-mock-ecash", "--json");
        CliRun register = register("127.0.0.1:" + port, identity);

        String hint = "is 'lpreg gateway' running on 127.0.0.1:" + port + "? Start one with 'lpreg gateway --listen 127.0.0.1:"
                + port + " --ecash mock'";
        assertThat(probe.exitCode()).isEqualTo(1);
        assertThat(probe.json().path("lp").path("can_connect").asBoolean(true)).as("stdout is still the JSON").isFalse();
        assertThat(probe.err()).contains("lpreg probe: nothing accepts connections on 127.0.0.1:" + port).contains(hint);
        assertThat(register.exitCode()).isEqualTo(1);
        assertThat(register.err()).contains("lpreg register: nothing accepts connections").contains(hint);
    }

    @Test
    void aFailedHandshakePointsAtTheKey() {
        assertThat(NextStep.afterClientFailure("handshake", "handshake failed: timed out",
                new InetSocketAddress("127.0.0.1", 41264)))
                .hasValueSatisfying(hint -> assertThat(hint).contains("check that --gateway-key is this gateway's identity_key"));
        assertThat(NextStep.afterClientFailure("registration", "refused", new InetSocketAddress("127.0.0.1", 41264))).isEmpty();
    }

    @Test
    @Timeout(120)
    void theListenerPortInUseIsNamedWithTheOptionAndTheConfigKeyThatChangeIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = gateway("--listen", "127.0.0.1:" + taken.getLocalPort(), "--metrics", "127.0.0.1:0");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("lpreg gateway: port " + taken.getLocalPort() + " (the LP listener, 127.0.0.1:"
                    + taken.getLocalPort() + ") is already in use: choose another with --listen HOST:PORT or [listener] bind")
                    .doesNotContain("/metrics and /health");
        }
    }

    @Test
    @Timeout(120)
    void theMetricsPortInUseIsNamedWithItsOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = gateway("--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:" + taken.getLocalPort());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("port " + taken.getLocalPort() + " (/metrics and /health, 127.0.0.1:"
                    + taken.getLocalPort() + ") is already in use: choose another with --metrics HOST:PORT or [metrics] bind")
                    .doesNotContain("the LP listener");
        }
    }

    private CliRun gateway(String... addresses) {
        List<String> args = new java.util.ArrayList<>(List.of("gateway", "--data-dir", dir.resolve("data").toString(),
                "--plugins", System.getProperty("lpreg.test.plugins"), "--ecash", "mock"));
        args.addAll(List.of(addresses));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void aBindFailureOfUnknownOriginNamesBothPorts() {
        GatewayConfig config = GatewayConfig.defaults();

        assertThat(NextStep.bindFailure(new IOException("boom", new BindException("Address already in use")), config))
                .hasValueSatisfying(hint -> assertThat(hint).contains("--listen").contains("--metrics"));
        assertThat(NextStep.bindFailure(new IOException("no such file"), config)).isEmpty();
    }

    @Test
    void wireGuardWithoutRootOrTunSaysWhatIsMissingAndTheWayWithout() {
        assertThat(NextStep.wireGuardHost(true, true)).isEmpty();
        assertThat(NextStep.wireGuardHost(false, true)).hasValueSatisfying(hint -> assertThat(hint)
                .startsWith("WireGuard needs root and /dev/net/tun (this process is not root): run as root")
                .contains("drop --wireguard").contains("lpreg demo --no-wireguard"));
        assertThat(NextStep.wireGuardHost(true, false)).hasValueSatisfying(hint -> assertThat(hint)
                .contains("(/dev/net/tun is missing)"));
        assertThat(NextStep.wireGuardHost(false, false)).hasValueSatisfying(hint -> assertThat(hint)
                .contains("(this process is not root and /dev/net/tun is missing)"));
    }

    @Test
    void tooOldAJdkIsNamedWithWhereToGetOneByBothLaunchers() throws Exception {
        Path jvms = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvms.resolve("java-17-openjdk-amd64"), "17");
        fakeJdk(jvms.resolve("java-21-openjdk-amd64"), "21");
        Path sourceLauncher = Path.of("..", "lpreg").toAbsolutePath().normalize();
        Path archiveLauncher = Path.of("src", "dist", "bin", "lpreg").toAbsolutePath();

        Launched source = launch(sourceLauncher, jvms);
        assertThat(source.exitCode()).isEqualTo(1);
        assertThat(source.output()).startsWith("lpreg: building lpreg from source (./lpreg) needs a JDK >= 22, and none was found.")
                .contains(jvms.resolve("java-17-openjdk-amd64") + " (Java 17)")
                .contains(jvms.resolve("java-21-openjdk-amd64") + " (Java 21)")
                .contains("apt-get install openjdk-25-jdk-headless").contains("https://adoptium.net");

        Path onlyOld = Files.createDirectories(dir.resolve("old"));
        fakeJdk(onlyOld.resolve("java-17-openjdk-amd64"), "17");
        Launched archive = launch(archiveLauncher, onlyOld);
        assertThat(archive.exitCode()).isEqualTo(1);
        assertThat(archive.output()).startsWith("lpreg: running lpreg needs a JDK >= 21, and none was found.")
                .contains(onlyOld.resolve("java-17-openjdk-amd64") + " (Java 17)");
    }

    record Launched(int exitCode, String output) {
    }

    private static Launched launch(Path launcher, Path jvms) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("LPREG_JVM_DIR", jvms.toString());
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Launched(process.exitValue(), output);
    }

    /** A JDK's bin/java and bin/javac that answer -XshowSettings:properties as that version would. */
    private static void fakeJdk(Path home, String version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path file = bin.resolve(tool);
            Files.writeString(file, "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
