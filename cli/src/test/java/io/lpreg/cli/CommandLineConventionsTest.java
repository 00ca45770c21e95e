package io.lpreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What people expect of a command line, on every command and subcommand: the tree is walked from
 * {@link Lpreg#commandLine()}, so a command added later is covered without a line here.
 */
class CommandLineConventionsTest {
    @TempDir
    Path dir;

    /** Every command's path below lpreg: [], [demo], …, [ecash, issue], [peers, list], …. */
    static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(Lpreg.commandLine(), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, subcommand) -> {
            path.add(name);
            collect(subcommand, path, paths);
            path.remove(path.size() - 1);
        });
    }

    private static String[] args(List<String> path, String... more) {
        return Stream.concat(path.stream(), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void theWalkSeesNestedCommands() {
        assertThat(commandPaths()).contains(List.of(), List.of("keygen"), List.of("ecash", "issue"),
                List.of("zknym", "keygen"), List.of("peers", "remove"), List.of("completion"), List.of("help"));
    }

    @Test
    void helpAndHAnswerZeroWithTheUsageOnEveryCommandAndSubcommand() {
        for (List<String> path : commandPaths()) {
            String usage = "Usage: " + String.join(" ", args(List.of("lpreg"), path.toArray(String[]::new)));
            for (String flag : List.of("--help", "-h")) {
                CliRun run = CliRun.run(args(path, flag));
                assertThat(run.exitCode()).as("lpreg %s %s: %s", String.join(" ", path), flag, run.err()).isZero();
                assertThat(run.out()).as("lpreg %s %s", String.join(" ", path), flag).startsWith(usage);
                assertThat(run.err()).as("lpreg %s %s", String.join(" ", path), flag).isEmpty();
            }
        }
    }

    @Test
    void keygenHelpIsNoLongerAnUnknownOption() {
        CliRun run = CliRun.run("keygen", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--data-dir=DIR").contains("-h, --help").contains("-V, --version");
    }

    @Test
    void helpCommandExplainsEveryCommandAtAnyDepthAsItsOwnHelpDoes() {
        for (List<String> path : commandPaths()) {
            if (path.contains("help")) {
                continue;
            }
            CliRun help = CliRun.run(args(List.of("help"), path.toArray(String[]::new)));
            CliRun own = CliRun.run(args(path, "--help"));
            assertThat(help.exitCode()).as("lpreg help %s: %s", String.join(" ", path), help.err()).isZero();
            assertThat(help.out()).as("lpreg help %s", String.join(" ", path)).isEqualTo(own.out());
        }
    }

    @Test
    void everyCommandWithSubcommandsHasAHelpSubcommand() {
        for (List<String> path : commandPaths()) {
            CommandLine command = Lpreg.commandLine();
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            if (!command.getSubcommands().isEmpty()) {
                assertThat(command.getSubcommands()).as("lpreg %s", String.join(" ", path)).containsKey("help");
                CliRun run = CliRun.run(args(path, "help", command.getSubcommands().keySet().iterator().next()));
                assertThat(run.exitCode()).as("lpreg %s help …", String.join(" ", path)).isZero();
            }
        }
    }

    @Test
    void helpOfAnUnknownCommandSaysWhichCommandsThereAre() {
        CliRun run = CliRun.run("help", "ecash", "mint");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'mint' is not a command of lpreg ecash; its commands are keygen, issue, help");
    }

    @Test
    void versionNamesTheEngineAndTheX25519BackendOnEveryCommand() {
        for (List<String> path : List.of(List.<String>of(), List.of("register"), List.of("ecash", "issue"))) {
            CliRun run = CliRun.run(args(path, "--version"));

            assertThat(run.exitCode()).isZero();
            List<String> lines = run.out().lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).matches("lpreg \\S+");
            assertThat(lines.get(1)).isEqualTo("engine " + io.lpreg.engine.LpGateway.VERSION);
            assertThat(lines.get(2)).startsWith("X25519 backend: ")
                    .contains(io.lpreg.protocol.crypto.X25519Backends.active().description());
            assertThat(lines.get(3)).startsWith("JVM: ").contains(System.getProperty("java.runtime.version"));
            assertThat(CliRun.run(args(path, "-V")).out()).isEqualTo(run.out());
        }
    }

    @Test
    void bashCompletionParsesAndRegistersInBash() throws Exception {
        CliRun run = CliRun.run("completion", "bash");
        assertThat(run.exitCode()).isZero();
        Path script = Files.writeString(dir.resolve("lpreg.bash"), run.out());

        assertThat(bash("-n", script.toString())).as("bash -n").isEqualTo(new Result(0, ""));
        Result sourced = bash("-c", "source \"$1\" && complete -p lpreg", "bash", script.toString());
        assertThat(sourced.exitCode()).as(sourced.output()).isZero();
        assertThat(sourced.output()).contains("complete").contains("lpreg");
        // what a person gets on TAB after "lpreg ec" and "lpreg ecash "
        Result completed = bash("-c", "source \"$1\"; COMP_WORDS=(lpreg ec); COMP_CWORD=1; COMP_LINE='lpreg ec'; "
                + "COMP_POINT=${#COMP_LINE}; _complete_lpreg lpreg ec lpreg; echo \"${COMPREPLY[*]}\"; "
                + "COMP_WORDS=(lpreg ecash ''); COMP_CWORD=2; COMP_LINE='lpreg ecash '; COMP_POINT=${#COMP_LINE}; "
                + "_complete_lpreg lpreg '' ecash; echo \"${COMPREPLY[*]}\"", "bash", script.toString());
        assertThat(completed.output().lines().toList()).as(completed.output())
                .anySatisfy(line -> assertThat(line.strip()).isEqualTo("ecash"))
                .anySatisfy(line -> assertThat(line).contains("keygen").contains("issue"));
    }

    @Test
    void zshCompletionIsTheBashScriptThroughBashcompinitAndSaysSo() {
        CliRun bash = CliRun.run("completion", "bash");
        CliRun zsh = CliRun.run("completion", "zsh");

        assertThat(zsh.exitCode()).isZero();
        assertThat(zsh.out()).startsWith("# lpreg completion for zsh: a bash completion script").endsWith(bash.out())
                .contains("bashcompinit");
        assertThat(CliRun.run("completion", "fish").exitCode()).isEqualTo(2);
    }

    @Test
    void aManPageIsGeneratedForEveryCommand() throws Exception {
        Path pages = dir.resolve("man");

        assertThat(ManPages.write(pages.toFile())).isZero();

        for (List<String> path : commandPaths()) {
            String name = String.join("-", args(List.of("lpreg"), path.toArray(String[]::new)));
            Path page = pages.resolve(name + ".adoc");
            assertThat(page).as(name).isRegularFile();
            assertThat(Files.readString(page)).contains(":doctype: manpage").contains("= " + name + "(1)")
                    .contains("*--help*");
        }
        try (Stream<Path> files = Files.list(pages)) {
            assertThat(files.count()).isEqualTo(commandPaths().size());
        }
    }

    record Result(int exitCode, String output) {
    }

    private static Result bash(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
