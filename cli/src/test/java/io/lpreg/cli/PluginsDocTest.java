package io.lpreg.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/plugins.md's commands, checked the way {@link ReadmeRecipesTest} checks the READMEs': every {@code bin/lpreg}
 * line parses against the real commands, every {@code ./mvnw} line run from the source tree builds its modules from
 * the reactor, and the walkthrough names this version's archive. {@link PluginAuthorIT} then runs the walkthrough
 * and the other kinds' commands as written against the archive this build made.
 */
class PluginsDocTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DOC = ROOT.resolve("docs/plugins.md");
    private static final String IDENTITY_HEX = "ab".repeat(32);

    /** A command of the doc: continuation lines joined, a heredoc kept whole, its trailing comment apart. */
    record Recipe(int line, String command, String comment) {
        List<String> words() {
            return Arrays.stream(command.split("\\s+")).filter(word -> !word.isEmpty()).toList();
        }

        @Override
        public String toString() {
            return "docs/plugins.md:" + line + ": " + command;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyLpregLineParsesAgainstTheRealCommands() throws IOException {
        List<Recipe> recipes = recipes(Files.readAllLines(DOC)).stream()
                .filter(recipe -> recipe.words().get(0).endsWith("/bin/lpreg")).toList();
        assertThat(recipes).as("docs/plugins.md shows bin/lpreg commands").hasSizeGreaterThan(5);
        return recipes.stream().map(recipe -> DynamicTest.dynamicTest(recipe.toString(), () -> {
            String[] args = recipe.words().stream().skip(1).map(word -> word.replace("IDENTITY_HEX", IDENTITY_HEX))
                    .toArray(String[]::new);
            CommandLine.ParseResult parsed = Lpreg.commandLine().parseArgs(args);
            assertThat(parsed.hasSubcommand()).as(recipe.toString()).isTrue();
            assertThat(parsed.unmatched()).as(recipe.toString()).isEmpty();
        }));
    }

    @Test
    void theSourceTreeInstallLineBuildsWhatItInstallsFromTheReactor() throws IOException {
        List<Recipe> installs = recipes(Files.readAllLines(DOC)).stream()
                .filter(recipe -> recipe.command().startsWith("./mvnw -pl")).toList();

        assertThat(installs).singleElement().satisfies(recipe -> {
            List<String> words = recipe.words();
            assertThat(words).contains("-am", "install").doesNotContain("-o", "-f");
            List<String> modules = List.of(words.get(words.indexOf("-pl") + 1).split(","));
            assertThat(modules).containsExactlyInAnyOrder("spi", "plugin-testkit", "storage-testkit");
            for (String module : modules) {
                assertThat(ROOT.resolve(module).resolve("pom.xml")).isRegularFile();
            }
        });
    }

    @Test
    void theWalkthroughUnpacksThisVersionsArchiveAndEveryCommandIsOneAnAuthorTypes() throws IOException {
        Matcher version = Pattern.compile("<artifactId>lpreg-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        List<Recipe> walkthrough = section("## From an empty directory to a running gateway");

        assertThat(walkthrough.get(0).command()).isEqualTo("tar xzf lpreg-" + version.group(1) + ".tar.gz");
        assertThat(walkthrough).extracting(Recipe::command)
                .anySatisfy(command -> assertThat(command).contains("plugin new --kind verifier"))
                .anySatisfy(command -> assertThat(command).isEqualTo("./mvnw verify"))
                .anySatisfy(command -> assertThat(command).contains("/bin/lpreg gateway --config gateway.toml --listen 127.0.0.1:41264"))
                .anySatisfy(command -> assertThat(command).contains("--credential acme-voucher-v1:"));
        assertThat(walkthrough).filteredOn(recipe -> recipe.comment().contains("(exit 1)")).hasSize(1);
        assertThat(section("## The four kinds")).extracting(Recipe::command)
                .allSatisfy(command -> assertThat(command).contains("/bin/lpreg plugin new --kind")).hasSize(3);
    }

    @Test
    void theReadmeAndThePluginGuidePointAtThisPage() throws IOException {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("(docs/plugins.md)");
        assertThat(Files.readString(ROOT.resolve("spi/README.md"))).contains("(../docs/plugins.md)");
        assertThat(Files.readString(DOC)).contains("(../spi/README.md)");
    }

    /** The commands of one {@code ## } section of docs/plugins.md, in order. */
    static List<Recipe> section(String heading) throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(heading);
        assertThat(start).as(heading + " in docs/plugins.md").isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        List<String> section = new ArrayList<>(lines.subList(0, end));
        for (int i = 0; i < start; i++) {
            section.set(i, "");
        }
        return recipes(section);
    }

    /** Command lines of fenced bash blocks: continuations joined, heredocs kept whole, comments apart. */
    static List<Recipe> recipes(List<String> lines) {
        List<Recipe> recipes = new ArrayList<>();
        boolean bash = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                bash = !bash && line.equals("```bash");
                continue;
            }
            if (!bash || line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int start = i;
            StringBuilder command = new StringBuilder(line);
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(++i).strip());
            }
            Matcher heredoc = Pattern.compile("<<'?(\\w+)'?").matcher(command);
            if (heredoc.find()) {
                String marker = heredoc.group(1);
                while (i + 1 < lines.size()) {
                    String body = lines.get(++i);
                    command.append('\n').append(body);
                    if (body.strip().equals(marker)) {
                        break;
                    }
                }
                recipes.add(new Recipe(start + 1, command.toString(), ""));
                continue;
            }
            String[] parts = command.toString().split("\\s#\\s", 2);
            recipes.add(new Recipe(start + 1, parts[0].strip(), parts.length > 1 ? parts[1].strip() : ""));
        }
        return recipes;
    }
}
