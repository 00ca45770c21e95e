package io.lpreg.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ./lpreg} and {@code ./mvnw} line in the repository's READMEs, read as a newcomer would copy it:
 * the lpreg ones parse against the real commands (every subcommand and flag exists, required ones are there),
 * and the Maven ones name modules and profiles that exist and build what they need from the reactor
 * ({@code -am}), since a fresh machine has no {@code io.lpreg} artifact in its local repository. What each
 * recipe does is pinned by the test of its command (ClientCommandsTest, GatewayRecipeTest, KeygenCommandTest,
 * VectorsCommandTest, ZkNymCommandTest, ZkNymRegistrationTest) and by CI, which runs {@code ./lpreg demo} as written.
 */
class ReadmeRecipesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String IDENTITY_HEX = "ab".repeat(32);

    private record Recipe(Path readme, int line, List<String> words) {
        @Override
        public String toString() {
            return ROOT.relativize(readme) + ":" + line + ": " + String.join(" ", words);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyLpregLineParsesAgainstTheRealCommands() {
        List<Recipe> recipes = recipes().stream().filter(r -> r.words().get(0).equals("./lpreg")).toList();
        assertThat(recipes).as("the README shows ./lpreg commands").hasSizeGreaterThan(5);
        return recipes.stream().map(recipe -> DynamicTest.dynamicTest(recipe.toString(), () -> {
            String[] args = recipe.words().stream().skip(1).map(w -> w.replace("IDENTITY_HEX", IDENTITY_HEX))
                    .toArray(String[]::new);
            CommandLine.ParseResult parsed = Lpreg.commandLine().parseArgs(args);
            assertThat(parsed.hasSubcommand()).as(recipe.toString()).isTrue();
            assertThat(parsed.unmatched()).as(recipe.toString()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyMavenLineBuildsItsModulesFromTheReactor() {
        List<Recipe> recipes = recipes().stream().filter(r -> r.words().contains("./mvnw")).toList();
        assertThat(recipes).as("the READMEs show ./mvnw commands").hasSizeGreaterThan(3);
        return recipes.stream().map(recipe -> DynamicTest.dynamicTest(recipe.toString(), () -> {
            List<String> words = recipe.words();
            assertThat(words).as(recipe + ": -o fails on a machine that never downloaded the dependencies")
                    .doesNotContain("-o");
            assertThat(words).as(recipe + ": -f builds one pom without the reactor").doesNotContain("-f");
            int pl = words.indexOf("-pl");
            if (pl < 0) {
                return;
            }
            for (String module : words.get(pl + 1).split(",")) {
                Path pom = ROOT.resolve(module).resolve("pom.xml");
                assertThat(pom).as(recipe.toString()).isRegularFile();
                String text = Files.readString(pom);
                if (words.contains("-Pbench")) {
                    assertThat(text).as(recipe + ": " + module + " has a bench profile").contains("<id>bench</id>");
                }
                if (usesReactorModules(pom)) {
                    assertThat(words).as(recipe + ": " + module + " needs other lpreg modules, so -am").contains("-am");
                }
            }
        }));
    }

    /**
     * Whether building this module needs another lpreg module: a dependency of its own on one, or one inherited
     * from its parent (the plugins' parent gives every plugin spi).
     */
    static boolean usesReactorModules(Path pom) throws IOException {
        String text = Files.readString(pom);
        String own = text.replaceAll("(?s)<parent>.*?</parent>", "")
                .replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "");
        int parentEnd = text.indexOf("</parent>");
        Path parent = pom.getParent().getParent().resolve("pom.xml");
        return own.contains("<groupId>io.lpreg</groupId>")
                || (parentEnd >= 0 && Files.isRegularFile(parent) && !parent.equals(ROOT.resolve("pom.xml"))
                        && usesReactorModules(parent));
    }

    @org.junit.jupiter.api.Test
    void aPluginNeedsItsSpiFromTheReactorAndTheSpiNeedsNothing() throws IOException {
        assertThat(usesReactorModules(ROOT.resolve("plugins/storage-sqlite/pom.xml"))).isTrue();
        assertThat(usesReactorModules(ROOT.resolve("engine/pom.xml"))).isTrue();
        assertThat(usesReactorModules(ROOT.resolve("protocol/pom.xml"))).isTrue();
        assertThat(usesReactorModules(ROOT.resolve("spi/pom.xml"))).isFalse();
    }

    private static List<Recipe> recipes() {
        List<Recipe> recipes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path readme : files.filter(p -> p.getFileName().toString().equals("README.md"))
                    .filter(p -> ROOT.relativize(p).toString().split("/").length <= 3)
                    .filter(p -> !p.toString().contains("/target/")).toList()) {
                recipes.addAll(recipes(readme));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return recipes;
    }

    /** Command lines in fenced blocks, with continuation lines joined and comments dropped. */
    private static List<Recipe> recipes(Path readme) throws IOException {
        List<Recipe> recipes = new ArrayList<>();
        List<String> lines = Files.readAllLines(readme);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                continue;
            }
            int start = i;
            StringBuilder command = new StringBuilder(line);
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(++i).strip());
            }
            String text = command.toString().replaceAll("\\s#\\s.*$", "").strip();
            List<String> words = Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
            if (!words.isEmpty() && (words.get(0).equals("./lpreg") || words.contains("./mvnw"))) {
                recipes.add(new Recipe(readme, start + 1, words));
            }
        }
        return recipes;
    }
}
