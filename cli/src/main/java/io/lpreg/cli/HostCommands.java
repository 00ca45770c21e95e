package io.lpreg.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the host's networking tools (ip, wg, ping) for the demo, each bounded in time, output captured. */
final class HostCommands {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private HostCommands() {
    }

    static Result run(List<String> command) throws CliException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CliException("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        // read on a thread of its own, so that a command that never closes its output still meets the timeout
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, Thread::startVirtualThread);
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CliException(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            return new Result(process.exitValue(), new String(output.join(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            process.destroyForcibly();
            throw new CliException(String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CliException(String.join(" ", command) + ": interrupted");
        }
    }

    /** Runs the command and fails with its output unless it exits 0. */
    static String check(List<String> command) throws CliException {
        Result result = run(command);
        if (!result.succeeded()) {
            throw new CliException(String.join(" ", command) + " exited with " + result.exitCode()
                    + (result.output().isEmpty() ? "" : ": " + result.output()));
        }
        return result.output();
    }

    /** Runs the command for its effect on cleanup paths, where a failure has nothing left to undo. */
    static void quietly(List<String> command) {
        try {
            run(command);
        } catch (CliException ignored) {
            // cleanup: the thing may be gone already
        }
    }
}
