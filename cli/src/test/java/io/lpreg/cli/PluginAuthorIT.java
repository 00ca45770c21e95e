package io.lpreg.cli;

import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plugin author outside this repository (docs/plugins.md), with the release archive this build made and nothing
 * else of lpreg: the archive unpacked into an empty directory, the commands of docs/plugins.md's walkthrough run as
 * written (a verifier generated, built with its Maven wrapper, dropped into {@code plugins/}, a gateway started from
 * {@code bin/lpreg}, a registration paid through the new verifier, the same ticket refused as spent), then the other
 * three kinds generated with the doc's commands, built in one Maven reactor, and a second gateway run on the
 * generated storage and WireGuard controller, registering in dVPN mode and in the generated mode.
 *
 * <p>The Maven runs are outside this reactor and use their own local repository: the build's local repository
 * ({@code lpreg.maven.local}) with {@code io/lpreg} left out — every other group linked in, so what Maven Central
 * gave the outer build is not downloaded again, and whatever is missing is fetched from Maven Central into it. So
 * every {@code io.lpreg} artifact the plugin builds use must come from the archive's {@code maven/} (a {@code file:}
 * repository in the generated poms), which the test checks afterwards. The walkthrough's substitutions: the free
 * ports this test chose for 127.0.0.1:41264 and the metrics, {@code IDENTITY_HEX} for the gateway's printed key.
 */
@Timeout(300)
class PluginAuthorIT {
    private static final Pattern START_LINE = Pattern.compile(
            "lpreg gateway listening on (127\\.0\\.0\\.1:\\d+) identity_key=([0-9a-f]{64}) lp_key=[0-9a-f]{64} metrics=(\\S+)");
    private static final String DOC_PORT = "127.0.0.1:41264";

    @TempDir
    Path dir;

    private Path work;
    private Path mavenLocal;
    private final List<Process> gateways = new ArrayList<>();

    @AfterEach
    void stopGateways() throws InterruptedException {
        for (Process gateway : gateways) {
            gateway.destroy();
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void aPluginOfEachKindBuildsAgainstTheArchiveAloneAndAGatewayRegistersThroughThem() throws Exception {
        String version = System.getProperty("lpreg.version");
        Path archive = Path.of(System.getProperty("lpreg.release.archive"));
        work = Files.createDirectories(dir.resolve("author"));
        Files.copy(archive, work.resolve(archive.getFileName()));
        mavenLocal = localRepositoryWithoutLpreg(Path.of(System.getProperty("lpreg.maven.local")), dir.resolve("m2"));

        // docs/plugins.md, as written: the verifier from an empty directory to a registration
        List<Command> walkthrough = PluginsDoc.walkthrough();
        assertThat(String.join("\n", walkthrough.stream().map(Command::text).toList()))
                .as("docs/plugins.md names the archive of this version").contains("lpreg-" + version + ".tar.gz");
        int port = freePort();
        Gateway gateway = null;
        for (Command command : walkthrough) {
            String text = command.text().replace(DOC_PORT, "127.0.0.1:" + port);
            if (command.isGateway()) {
                gateway = startGateway(text + " --metrics 127.0.0.1:0", "walkthrough");
                continue;
            }
            if (gateway != null) {
                text = text.replace("IDENTITY_HEX", gateway.identityKey());
            }
            Result result = run(text);
            assertThat(result.exitCode()).as(command + "\n" + result.output()).isEqualTo(command.expectedExit());
        }
        assertThat(gateway).as("the walkthrough starts a gateway").isNotNull();
        String transcript = Files.readString(dir.resolve("commands.log"));
        assertThat(transcript).contains("registered with /127.0.0.1:" + port).contains("credential already spent")
                .contains("storage     sqlite, reachable").contains("ecash       [\"acme-voucher\"]");
        assertThat(transcript).as("maven/ has a checksum for every file").doesNotContain("Could not validate integrity");
        assertThat(health(gateway)).contains("{\"id\":\"acme-voucher\",\"version\":\"0.1.0-SNAPSHOT\",\"state\":\"STARTED\"}");
        Path home = work.resolve("lpreg-" + version);
        assertThat(Files.readString(work.resolve("acme-voucher/pom.xml")))
                .contains("<lpreg.repository>" + home.resolve("maven").toUri() + "</lpreg.repository>");
        stop(gateway);

        // the other three kinds, generated with the doc's commands and built in one reactor
        for (Command command : PluginsDoc.otherKinds()) {
            Result result = run(command.text());
            assertThat(result.exitCode()).as(command + "\n" + result.output()).isZero();
        }
        List<String> others = List.of("acme-storage", "acme-wireguard", "acme-mode");
        Files.writeString(work.resolve("pom.xml"), aggregator(others));
        copyTree(work.resolve("acme-storage/.mvn"), work.resolve(".mvn"));
        Result build = run("acme-storage/mvnw verify");
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(build.output()).contains("Tests run: 41").contains("in com.example.acmestorage.AcmeStorageContractTest");
        for (String plugin : others) {
            Files.copy(work.resolve(plugin + "/target/" + plugin + "-0.1.0-SNAPSHOT-plugin.zip"),
                    home.resolve("plugins/" + plugin + "-0.1.0-SNAPSHOT-plugin.zip"));
        }
        assertThatTheLpregArtifactsCameFromTheArchiveAlone();

        // a gateway on the generated storage and WireGuard controller, paid through the generated verifier
        Files.writeString(work.resolve("all.toml"), """
                storage = "acme-storage"
                wireguard = "acme-wireguard"

                [ecash]
                verifiers = ["acme-voucher"]
                """);
        Gateway all = startGateway("lpreg-" + version + "/bin/lpreg gateway --config all.toml --data-dir all-data "
                + "--listen 127.0.0.1:0 --metrics 127.0.0.1:0", "all");
        Result dvpn = run("lpreg-" + version + "/bin/lpreg register --gateway " + all.address() + " --gateway-key "
                + all.identityKey() + " --credential acme-voucher-v1:" + "01".repeat(16));
        assertThat(dvpn.exitCode()).as(dvpn.output()).isZero();
        assertThat(dvpn.output()).contains("registered with").contains("endpoint               /127.0.0.1:51820")
                .contains("your addresses         10.64.0.2/32, fd64::2/128");
        Result status = run("lpreg-" + version + "/bin/lpreg status --data-dir all-data");
        assertThat(status.output()).contains("storage     acme-storage, reachable").contains("wireguard   acme-wireguard, reachable")
                .contains("peers       1 stored, 1 on the interface");

        RegistrationResult custom = new LpRegistrationClient(CredentialSource.supplied(
                new RequestCredential.Envelope("acme-voucher-v1", HexFormat.of().parseHex("02".repeat(16)))))
                .register(new GatewayTarget(GatewayTarget.parseAddress(all.address()), GatewayKey.parse(all.identityKey())),
                        new RegistrationOptions(new RegistrationMode.Custom("acme-mode", "alice".getBytes(StandardCharsets.UTF_8)),
                                TicketType.MIXNET_ENTRY, WireVersion.V2, Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(custom).as("mode acme-mode").isInstanceOfSatisfying(RegistrationResult.Registered.class,
                registered -> assertThat(registered.allocatedBandwidth()).isEqualTo(TicketType.MIXNET_ENTRY.bandwidthBytes()));
        RegistrationResult noAccount = new LpRegistrationClient(CredentialSource.supplied(
                new RequestCredential.Envelope("acme-voucher-v1", HexFormat.of().parseHex("03".repeat(16)))))
                .register(new GatewayTarget(GatewayTarget.parseAddress(all.address()), GatewayKey.parse(all.identityKey())),
                        new RegistrationOptions(new RegistrationMode.Custom("acme-mode", new byte[0]),
                                TicketType.MIXNET_ENTRY, WireVersion.V2, Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(noAccount).isInstanceOfSatisfying(RegistrationResult.Refused.class,
                refused -> assertThat(refused.reason()).contains("account name"));
        assertThat(health(all)).contains("\"id\":\"acme-mode\"").contains("\"id\":\"acme-storage\"")
                .contains("\"id\":\"acme-wireguard\"").contains("\"id\":\"acme-voucher\"");
    }

    /** Every io.lpreg artifact the plugin builds resolved was downloaded from the repository named lpreg (maven/). */
    private void assertThatTheLpregArtifactsCameFromTheArchiveAlone() throws IOException {
        Path lpreg = mavenLocal.resolve("io/lpreg");
        assertThat(Files.isSymbolicLink(mavenLocal.resolve("io"))).isFalse();
        List<Path> origins;
        try (Stream<Path> files = Files.walk(lpreg)) {
            origins = files.filter(file -> file.getFileName().toString().equals("_remote.repositories")).toList();
        }
        assertThat(origins).extracting(path -> path.getParent().getParent().getFileName().toString())
                .containsExactlyInAnyOrder("lpreg-parent", "lpreg-spi", "lpreg-plugin-testkit", "lpreg-storage-testkit");
        for (Path origin : origins) {
            assertThat(Files.readAllLines(origin)).filteredOn(line -> line.contains(">"))
                    .allSatisfy(line -> assertThat(line).endsWith(">lpreg="));
        }
    }

    private record Command(String text, int expectedExit) {
        boolean isGateway() {
            return text.contains("/bin/lpreg gateway ");
        }
    }

    private record Result(int exitCode, String output) {
    }

    private record Gateway(Process process, String address, String identityKey, URI metrics) {
    }

    /** One command of the doc, run by bash in the author's directory (a bare {@code cd DIR} moves it), logged. */
    private Result run(String command) throws IOException, InterruptedException {
        Matcher cd = Pattern.compile("cd (\\S+)").matcher(command);
        if (cd.matches()) {
            work = work.resolve(cd.group(1)).normalize();
            return new Result(0, "");
        }
        Path output = Files.createTempFile(dir, "command", ".out");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        environment(builder.environment());
        Process process = builder.start();
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as(command).isTrue();
        String out = Files.readString(output);
        Files.writeString(dir.resolve("commands.log"), "$ " + command + "\n" + out + "[exit " + process.exitValue() + "]\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new Result(process.exitValue(), out);
    }

    /**
     * Maven as a plugin author runs it, with the test's local repository: MAVEN_ARGS (read by Maven ≥ 3.9) carries
     * {@code -Dmaven.repo.local}, so the doc's {@code ./mvnw verify} runs as written. JAVA_HOME is this JDK (≥ 21).
     */
    private void environment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("MAVEN_") || name.startsWith("MVNW_"));
        environment.put("MAVEN_ARGS", "-B -ntp -Dmaven.repo.local=" + mavenLocal);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
    }

    private Gateway startGateway(String command, String name) throws IOException {
        Path out = dir.resolve(name + "-gateway.out");
        Path err = dir.resolve(name + "-gateway.err");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        environment(builder.environment());
        Process process = builder.start();
        gateways.add(process);
        Matcher line = await("the gateway's start line").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(command + " exited " + process.exitValue() + ":\n" + Files.readString(err));
                    }
                    return Files.readAllLines(out).stream().map(START_LINE::matcher).filter(Matcher::matches).findFirst();
                }, Optional::isPresent).orElseThrow();
        return new Gateway(process, line.group(1), line.group(2), URI.create(line.group(3)));
    }

    private static void stop(Gateway gateway) throws InterruptedException {
        gateway.process().destroy();
        assertThat(gateway.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static String health(Gateway gateway) throws IOException, InterruptedException {
        URI health = gateway.metrics().resolve("/health");
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /**
     * A local repository for the plugin builds: every top-level entry of {@code source} linked in, and of its
     * {@code io/} every entry but {@code lpreg}, so that io.lpreg can only come from the archive.
     */
    static Path localRepositoryWithoutLpreg(Path source, Path target) throws IOException {
        Files.createDirectories(target.resolve("io"));
        if (Files.isDirectory(source)) {
            try (Stream<Path> entries = Files.list(source)) {
                for (Path entry : entries.filter(entry -> !entry.getFileName().toString().equals("io")).toList()) {
                    Files.createSymbolicLink(target.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        if (Files.isDirectory(source.resolve("io"))) {
            try (Stream<Path> entries = Files.list(source.resolve("io"))) {
                for (Path entry : entries.filter(entry -> !entry.getFileName().toString().equals("lpreg")).toList()) {
                    Files.createSymbolicLink(target.resolve("io").resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        return target;
    }

    private static String aggregator(List<String> modules) {
        StringBuilder pom = new StringBuilder("""
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId>
                  <artifactId>plugins</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>
                """);
        modules.forEach(module -> pom.append("    <module>").append(module).append("</module>\n"));
        return pom.append("  </modules>\n</project>\n").toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** The commands of docs/plugins.md that this test runs, read as {@link PluginsDocTest} reads them. */
    static final class PluginsDoc {
        static List<Command> walkthrough() throws IOException {
            return commands(PluginsDocTest.section("## From an empty directory to a running gateway"));
        }

        static List<Command> otherKinds() throws IOException {
            return commands(PluginsDocTest.section("## The four kinds"));
        }

        private static List<Command> commands(List<PluginsDocTest.Recipe> recipes) {
            return recipes.stream().map(recipe -> new Command(recipe.command(), recipe.comment().contains("(exit 1)") ? 1 : 0))
                    .toList();
        }
    }
}
