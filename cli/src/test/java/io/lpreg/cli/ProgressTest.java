package io.lpreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress of long work: a bar on a terminal, plain lines elsewhere, on stderr only. */
class ProgressTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    private Progress progress(int total, Progress.Terminal terminal) {
        return new Progress(new PrintWriter(err, true), "lpreg bench", "registrations", total, terminal, nanos::get);
    }

    @Test
    void notOnATerminalItPrintsAPlainLineAtEveryTenth() {
        Progress progress = progress(1000, Progress.Terminal.NONE);

        IntStream.rangeClosed(1, 1000).forEach(progress::accept);
        progress.finish();

        assertThat(err.toString().lines().toList()).containsExactly(
                IntStream.rangeClosed(1, 10).mapToObj(i -> "lpreg bench: " + i * 100 + "/1000 registrations (" + i * 10 + "%)")
                        .toArray(String[]::new));
        assertThat(err.toString()).doesNotContain("\r");
    }

    @Test
    void countsFromManyThreadsInAnyOrderNeverGoBackwards() {
        Progress progress = progress(100, Progress.Terminal.NONE);

        IntStream.rangeClosed(1, 100).parallel().map(i -> 101 - i).forEach(progress::accept);

        List<String> lines = err.toString().lines().toList();
        assertThat(lines).isNotEmpty().hasSizeLessThanOrEqualTo(10).last().isEqualTo("lpreg bench: 100/100 registrations (100%)");
    }

    @Test
    void onATerminalTheBarFillsTheWidthLessOneColumnAndRedrawsInPlace() {
        Progress progress = progress(200, new Progress.Terminal(true, 60));

        progress.accept(50);

        String drawn = err.toString();
        assertThat(drawn).startsWith("\r").doesNotContain("\n");
        String bar = drawn.substring(1);
        assertThat(bar).hasSize(59).startsWith("lpreg bench [").contains("] 50/200 registrations  25% 0 s");
        int inside = bar.indexOf(']') - bar.indexOf('[') - 1;
        assertThat(bar.chars().filter(c -> c == '#').count()).as("a quarter of the bar's inside").isEqualTo(inside / 4);
    }

    @Test
    void theBarIsRedrawnAtMostTenTimesASecondButAlwaysAtTheEnd() {
        Progress progress = progress(100, new Progress.Terminal(true, 80));

        for (int done = 1; done <= 100; done++) {
            nanos.addAndGet(10_000_000L); // 10 ms a step: 1 s in all
            progress.accept(done);
        }
        progress.finish();

        String drawn = err.toString();
        long redraws = drawn.chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(10L, 11L);
        assertThat(drawn).endsWith("100/100 registrations 100% 1 s\n");
    }

    @Test
    void aNarrowTerminalGetsCountsWithoutABarNeverWiderThanItself() {
        Progress progress = progress(100_000, new Progress.Terminal(true, 30));

        assertThat(progress.bar(5, 0)).hasSizeLessThan(30).doesNotContain("[");
    }

    @Test
    void withoutAConsoleOrOnADumbTerminalThereIsNoBar() {
        assertThat(Progress.Terminal.detect(null, Map.of("TERM", "xterm-256color")).interactive()).isFalse();
        assertThat(Progress.Terminal.detect(null, Map.of("COLUMNS", "132")).columns()).isEqualTo(132);
        assertThat(Progress.Terminal.detect(null, Map.of("COLUMNS", "wide")).columns()).isEqualTo(80);
        // the test JVM's streams are not a terminal
        assertThat(Progress.Terminal.detect().interactive()).isFalse();
    }

    @Test
    void theLaunchersFirstBuildShowsOneLinePerModuleWhenNotOnATerminal() throws Exception {
        Path launcher = Path.of("..", "lpreg").toAbsolutePath().normalize();
        String maven = """
                [INFO] Scanning for projects...
                [INFO] Building lpreg parent 0.1.0-SNAPSHOT                                  [1/3]
                [INFO] --- compiler:3.15.0:compile (default-compile) @ lpreg-spi ---
                [INFO] Building lpreg spi 0.1.0-SNAPSHOT                                     [2/3]
                [INFO] Building lpreg cli 0.1.0-SNAPSHOT                                     [3/3]
                [INFO] BUILD SUCCESS
                """;
        Process filter = new ProcessBuilder("bash", "-c",
                "eval \"$(sed -n '/^build_progress() {/,/^}/p' \"$1\")\" && build_progress", "bash", launcher.toString())
                .start();
        try (var stdin = filter.getOutputStream()) {
            stdin.write(maven.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String stdout = new String(filter.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String stderr = new String(filter.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(filter.waitFor()).isZero();
        assertThat(stdout).isEmpty();
        assertThat(stderr.lines().toList()).containsExactly("lpreg: building [1/3] lpreg parent",
                "lpreg: building [2/3] lpreg spi", "lpreg: building [3/3] lpreg cli");
    }

    @Test
    void ecashIssueOfManyTicketsShowsProgressOnStderrAndKeepsStdoutAsItWas() {
        Path issuer = dir.resolve("issuer");
        assertThat(CliRun.run("ecash", "keygen", "--signers", "3", "--threshold", "2", "--epoch", "1",
                "--ticket-types", "mixnet-entry", "--issuer", issuer.toString()).exitCode()).isZero();

        CliRun run = CliRun.run("ecash", "issue", "--issuer", issuer.toString(), "--ticket-type", "mixnet-entry",
                "--count", String.valueOf(EcashCommand.PROGRESS_FROM), "--wallet", dir.resolve("wallet").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines().toList()).hasSize(10)
                .last().isEqualTo("lpreg ecash issue: 200/200 tickets (100%)");
        assertThat(run.out()).startsWith("issued 200 mixnet-entry tickets of epoch 1")
                .contains("wallet: 200 unspent tickets");
        CliRun few = CliRun.run("ecash", "issue", "--issuer", issuer.toString(), "--ticket-type", "mixnet-entry",
                "--count", "3", "--wallet", dir.resolve("wallet").toString());
        assertThat(few.err()).isEmpty();
    }

    @Test
    void benchJsonStaysOneJsonObjectOnStdoutWithProgressOnStderr() throws Exception {
        // what the launcher does: -Dlpreg.home=<dist>, whose plugins/ holds the bundled plugins
        Path home = java.nio.file.Files.createDirectories(dir.resolve("home"));
        java.nio.file.Files.createSymbolicLink(home.resolve("plugins"), Path.of(System.getProperty("lpreg.test.plugins")).toAbsolutePath());
        String before = System.setProperty("lpreg.home", home.toString());
        CliRun run;
        try {
            run = CliRun.run("bench", "--embedded", "--use-mock-ecash", "--n", "20", "--concurrency", "2",
                    "--warmup", "10", "--json");
        } finally {
            if (before == null) {
                System.clearProperty("lpreg.home");
            } else {
                System.setProperty("lpreg.home", before);
            }
        }

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("registered").asInt()).isEqualTo(20);
        assertThat(run.err()).contains("lpreg bench: warm-up: 10/10 registrations (100%)")
                .contains("lpreg bench: 20/20 registrations (100%)");
    }
}
