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
import java.util.concurrent.TimeUnit;

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
        assertThat(out.strip()).isEqualTo("lpreg: no JDK >= 21 found (set JAVA_HOME, or install one under /usr/lib/jvm)");
    }
}
