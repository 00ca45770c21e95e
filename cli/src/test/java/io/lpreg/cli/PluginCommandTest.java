package io.lpreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lpreg plugin new}: what it writes for each kind, and what it refuses. That the projects build, pass their
 * tests and run in a gateway is {@link PluginAuthorIT}'s part, against the release archive.
 */
class PluginCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(PluginCommand.Kind.class)
    void writesAReadyMavenProjectWithOneExtensionAndItsTests(PluginCommand.Kind kind) throws Exception {
        Path repository = Files.createDirectories(dir.resolve("maven"));
        Path project = dir.resolve("acme-" + kind);

        CliRun run = CliRun.run("plugin", "new", "--kind", kind.name(), "--id", "acme-" + kind, "--dir", project.toString(),
                "--repository", repository.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String className = switch (kind) {
            case verifier -> "AcmeVerifier";
            case storage -> "AcmeStorage";
            case wireguard -> "AcmeWireguard";
            case mode -> "AcmeMode";
        };
        String packagePath = "src/main/java/com/example/acme" + kind + "/";
        List<String> expected = new java.util.ArrayList<>(List.of("pom.xml", "README.md", ".gitignore", "mvnw",
                ".mvn/wrapper/maven-wrapper.properties", "src/main/resources/plugin.properties", "src/assembly/plugin-zip.xml",
                packagePath + className + ".java",
                "src/test/java/com/example/acme" + kind + "/" + className + "Test.java"));
        if (kind == PluginCommand.Kind.storage) {
            expected.add(packagePath + "AddressPool.java");
            expected.add("src/test/java/com/example/acmestorage/AcmeStorageContractTest.java");
        }
        assertThat(files(project)).containsExactlyInAnyOrderElementsOf(expected);
        for (String file : expected) {
            assertThat(Files.readString(project.resolve(file))).as(file).doesNotContain("{{");
        }
        assertThat(project.resolve("mvnw")).isExecutable();
        assertThat(run.out()).contains("com.example.acme" + kind + "." + className).contains("./mvnw verify");

        String pom = Files.readString(project.resolve("pom.xml"));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(project.resolve("pom.xml").toFile());
        assertThat(pom).contains("<artifactId>acme-" + kind + "</artifactId>")
                .contains("<plugin.id>acme-" + kind + "</plugin.id>")
                .contains("<plugin.requires>&gt;=0.1.0 &amp; &lt;0.2.0</plugin.requires>")
                .contains("<plugin.extensions>com.example.acme" + kind + "." + className + "</plugin.extensions>")
                .contains("<lpreg.repository>" + repository.toUri() + "</lpreg.repository>")
                .contains("<url>${lpreg.repository}</url>");
        assertThat(pom.contains("lpreg-storage-testkit")).isEqualTo(kind == PluginCommand.Kind.storage);
        for (String provided : List.of("lpreg-spi", "pf4j", "jakarta.inject-api", "slf4j-api")) {
            assertThat(pom).containsPattern("<artifactId>" + provided + "</artifactId>\\s*<version>[^<]+</version>\\s*<scope>provided</scope>");
        }
        assertThat(Files.readString(project.resolve(packagePath + className + ".java")))
                .contains("@Extension").contains("public static final String NAME = \"acme-" + kind + "\";");
        assertThat(Files.readString(project.resolve("src/main/resources/plugin.properties"))).contains("plugin.id=${plugin.id}");
    }

    @Test
    void anIdEndingInItsKindIsNotSaidTwiceAndOneWithoutGetsTheKind() {
        Path project = dir.resolve("voucher");

        CliRun run = CliRun.run("plugin", "new", "--kind", "verifier", "--id", "acme-voucher", "--dir", project.toString(),
                "--repository", "none", "--group", "org.acme");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(project.resolve("src/main/java/org/acme/acmevoucher/AcmeVoucherVerifier.java")).isRegularFile();
    }

    @Test
    void withRepositoryNoneThePomUsesTheLocalRepositoryAndSaysHowToFillIt() throws IOException {
        Path project = dir.resolve("p");

        assertThat(CliRun.run("plugin", "new", "--kind", "mode", "--id", "acme", "--dir", project.toString(),
                "--repository", "none").exitCode()).isZero();

        assertThat(Files.readString(project.resolve("pom.xml"))).doesNotContain("<repositories>")
                .doesNotContain("lpreg.repository")
                .contains("./mvnw -pl spi,plugin-testkit,storage-testkit -am -DskipTests source:jar-no-fork install");
    }

    @Test
    void refusesToWriteIntoANonEmptyDirectoryABadIdAndAMissingRepository() throws IOException {
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("keep.txt"), "mine");

        CliRun nonEmpty = CliRun.run("plugin", "new", "--kind", "storage", "--id", "x", "--dir", taken.toString(), "--repository", "none");
        CliRun badId = CliRun.run("plugin", "new", "--kind", "storage", "--id", "Acme_Storage", "--dir", dir.resolve("a").toString(),
                "--repository", "none");
        CliRun builtIn = CliRun.run("plugin", "new", "--kind", "mode", "--id", "dvpn", "--dir", dir.resolve("b").toString(),
                "--repository", "none");
        CliRun noRepository = CliRun.run("plugin", "new", "--kind", "mode", "--id", "acme", "--dir", dir.resolve("c").toString());
        CliRun badKind = CliRun.run("plugin", "new", "--kind", "router", "--id", "acme", "--dir", dir.resolve("d").toString());

        assertThat(nonEmpty.exitCode()).isEqualTo(2);
        assertThat(nonEmpty.err()).contains("is not an empty directory");
        assertThat(Files.readString(taken.resolve("keep.txt"))).isEqualTo("mine");
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).contains("lower-case letters, digits and single dashes");
        assertThat(builtIn.exitCode()).isEqualTo(2);
        assertThat(noRepository.exitCode()).isEqualTo(2);
        assertThat(noRepository.err()).contains("no maven/ repository beside this lpreg").contains("--repository");
        assertThat(badKind.exitCode()).isEqualTo(2);
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("c")).doesNotExist();
    }

    private static List<String> files(Path project) throws IOException {
        try (Stream<Path> files = Files.walk(project)) {
            return files.filter(Files::isRegularFile).map(file -> project.relativize(file).toString()).toList();
        }
    }
}
