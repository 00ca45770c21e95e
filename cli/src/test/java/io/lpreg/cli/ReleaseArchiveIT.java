package io.lpreg.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release archive ({@code ./mvnw package}: cli/target/lpreg-VERSION.tar.gz) unpacked into a directory of its
 * own and run from another working directory, so nothing can come from the source tree.
 */
@Timeout(180)
class ReleaseArchiveIT {
    @TempDir
    Path dir;

    private Path home;
    private Path workingDirectory;

    @BeforeEach
    void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("lpreg.release.archive"));
        assertThat(archive).isRegularFile();
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        home = unpacked.resolve("lpreg-" + System.getProperty("lpreg.version"));
        workingDirectory = Files.createDirectories(dir.resolve("elsewhere"));
    }

    @Test
    void holdsTheLauncherLibrariesPluginsDeployFilesAndDocs() {
        assertThat(home.resolve("bin/lpreg")).isExecutable();
        assertThat(home.resolve("lib")).isDirectoryContaining(path -> path.getFileName().toString().startsWith("lpreg-cli"));
        assertThat(home.resolve("plugins")).isDirectoryContaining("glob:**/lpreg-plugin-storage-sqlite-plugin.zip")
                .isDirectoryContaining("glob:**/lpreg-plugin-wireguard-linux-plugin.zip")
                .isDirectoryContaining("glob:**/lpreg-plugin-ecash-mock-plugin.zip")
                .isDirectoryContaining("glob:**/lpreg-plugin-ecash-bls-plugin.zip");
        assertThat(home.resolve("deploy/systemd/lpreg.service")).isRegularFile();
        assertThat(home.resolve("deploy/grafana/lpreg.json")).isRegularFile();
        assertThat(home.resolve("deploy/prometheus/lpreg-alerts.yml")).isRegularFile();
        assertThat(home.resolve("docs/operations.md")).isRegularFile();
        assertThat(home.resolve("docs/configuration.md")).isRegularFile();
        assertThat(home.resolve("docs/README.md")).isRegularFile();
        assertThat(home.resolve("man/man1/lpreg.1")).content().contains(".TH \"LPREG\" \"1\"");
        assertThat(home.resolve("man/man1/lpreg-ecash-issue.1")).isRegularFile();
    }

    /**
     * maven/: what a plugin builds against (docs/plugins.md; PluginAuthorIT builds plugins with it), in the standard
     * layout, each file with its checksums, and the plugin guide beside the other docs.
     */
    @Test
    void holdsAMavenRepositoryWithTheSpiTheTestkitsAndTheirParent() throws Exception {
        String version = System.getProperty("lpreg.version");
        Path repository = home.resolve("maven/io/lpreg");
        for (String artifact : List.of("lpreg-spi", "lpreg-plugin-testkit", "lpreg-storage-testkit")) {
            Path base = repository.resolve(artifact + "/" + version + "/" + artifact + "-" + version);
            for (String file : List.of(".jar", "-sources.jar", ".pom")) {
                Path path = Path.of(base + file);
                assertThat(path).isRegularFile();
                assertThat(Files.readString(Path.of(path + ".sha1")).strip()).as(path + ".sha1").isEqualTo(sha1(path));
                assertThat(Path.of(path + ".md5")).isRegularFile();
            }
            assertThat(Files.readString(Path.of(base + ".pom"))).contains("<artifactId>" + artifact + "</artifactId>");
        }
        Path parent = repository.resolve("lpreg-parent/" + version + "/lpreg-parent-" + version + ".pom");
        assertThat(Files.readString(parent)).contains("<artifactId>lpreg-parent</artifactId>");
        try (ZipFile sources = new ZipFile(repository.resolve("lpreg-spi/" + version + "/lpreg-spi-" + version
                + "-sources.jar").toFile())) {
            assertThat(sources.getEntry("io/lpreg/spi/EcashVerifier.java")).isNotNull();
        }
        try (Stream<Path> files = Files.walk(home.resolve("maven"))) {
            assertThat(files.filter(Files::isRegularFile).map(path -> home.resolve("maven").relativize(path).toString()))
                    .as("nothing but the four artifacts' files").allMatch(path -> path.startsWith("io/lpreg/lpreg-"))
                    .noneMatch(path -> path.endsWith("_remote.repositories") || path.contains("maven-metadata-local"));
        }
        assertThat(home.resolve("docs/plugins.md")).isRegularFile();
    }

    private static String sha1(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    }

    @Test
    void binLpregDemoRunsFromAnotherWorkingDirectory() throws Exception {
        Process demo = new ProcessBuilder(home.resolve("bin/lpreg").toString(), "demo")
                .directory(workingDirectory.toFile())
                .redirectError(dir.resolve("demo.err").toFile())
                .start();
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(demo.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(demo.exitValue()).as(out + Files.readString(dir.resolve("demo.err"))).isZero();
        assertThat(out).contains("registered").contains("gateway metrics:");
        try (var left = Files.list(workingDirectory)) {
            assertThat(left).as("the demo writes nothing into the working directory").isEmpty();
        }
    }

    @Test
    void binLpregGatewayServesAndAnswersItsAdminSocket() throws Exception {
        Path data = dir.resolve("data");
        Process gateway = new ProcessBuilder(home.resolve("bin/lpreg").toString(), "gateway", "--data-dir",
                data.toString(), "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--ecash", "mock")
                .directory(workingDirectory.toFile())
                .redirectError(dir.resolve("gateway.err").toFile())
                .start();
        try {
            String line = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as(Files.readString(dir.resolve("gateway.err"))).startsWith("lpreg gateway listening on 127.0.0.1:");
            assertThat(data.resolve("admin.sock")).exists();

            Process status = new ProcessBuilder(home.resolve("bin/lpreg").toString(), "status", "--data-dir", data.toString())
                    .directory(workingDirectory.toFile()).redirectErrorStream(true).start();
            String answer = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(status.exitValue()).as(answer).isZero();
            assertThat(answer).contains("status      up").contains("storage     sqlite, reachable");
        } finally {
            gateway.destroy();
            assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(data.resolve("admin.sock")).doesNotExist();
    }

    @Test
    void theSystemdUnitVerifiesAgainstTheUnpackedArchive() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")) || Files.isExecutable(Path.of("/bin/systemd-analyze")),
                "systemd-analyze is not installed");
        String unit = Files.readString(home.resolve("deploy/systemd/lpreg.service"));
        assertThat(unit).contains("ExecStart=/opt/lpreg/bin/lpreg gateway");
        Path installed = dir.resolve("lpreg.service");
        Files.writeString(installed, unit.replace("/opt/lpreg", home.toString()));

        Process verify = new ProcessBuilder("systemd-analyze", "verify", installed.toString()).redirectErrorStream(true).start();
        String verdict = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Process security = new ProcessBuilder("systemd-analyze", "security", "--offline=true", installed.toString())
                .redirectErrorStream(true).start();
        String exposure = new String(security.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(verify.waitFor()).as(verdict).isZero();
        assertThat(verdict).as("systemd-analyze verify says nothing about a sound unit").isBlank();
        security.waitFor();
        java.util.regex.Matcher level = java.util.regex.Pattern.compile("Overall exposure level for lpreg.service: (\\d+\\.\\d)")
                .matcher(exposure);
        assertThat(level.find()).as(exposure).isTrue();
        assertThat(Double.parseDouble(level.group(1))).as("systemd's exposure score (0 safest, 10 unprotected)").isLessThanOrEqualTo(3.0);
        assertThat(unit).contains("CapabilityBoundingSet=CAP_NET_ADMIN\n").contains("ProtectSystem=strict")
                .contains("PrivateTmp=yes").contains("StateDirectory=lpreg");
    }

    @Test
    void withoutAJdk21TheLauncherSaysSoLikeTheSourceTreeLauncher() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/lpreg").toString(), "--version")
                .directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("LPREG_JVM_DIR", Files.createDirectories(dir.resolve("no-jdks")).toString());
        Process launcher = builder.start();
        String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isEqualTo(1);
        assertThat(out).startsWith("lpreg: running lpreg needs a JDK >= 21, and none was found.")
                .contains("https://adoptium.net");
    }
}
