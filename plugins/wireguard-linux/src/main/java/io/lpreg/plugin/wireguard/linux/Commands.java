package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.WireGuardException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/** Runs {@code wg} and {@code ip}: bounded in time, output captured, secrets only ever on stdin. */
final class Commands {
    private Commands() {
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code command} and fails with its stderr when it exits non-zero. */
    static String run(List<String> command, String stdin, Duration timeout) throws WireGuardException {
        Result result = execute(command, stdin, timeout);
        if (result.exitCode() != 0) {
            String detail = result.stderr().strip().isEmpty() ? result.stdout().strip() : result.stderr().strip();
            throw new WireGuardException("'" + String.join(" ", command) + "' failed (exit " + result.exitCode() + ")"
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        return result.stdout();
    }

    static Result execute(List<String> command, String stdin, Duration timeout) throws WireGuardException {
        requireNonNull(command, "command is null");
        requireNonNull(stdin, "stdin is null");
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new WireGuardException("cannot run '" + command.getFirst() + "': " + e.getMessage()
                    + " (is it installed? its path is configurable in [plugins.wireguard-linux])", e);
        }
        try {
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the command does not read stdin and has exited: its exit code tells the rest
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WireGuardException("'" + String.join(" ", command) + "' did not finish within "
                        + timeout.toMillis() + " ms");
            }
            return new Result(process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WireGuardException("interrupted while running '" + String.join(" ", command) + "'", e);
        } catch (ExecutionException e) {
            throw new WireGuardException("cannot read the output of '" + String.join(" ", command) + "': "
                    + e.getCause().getMessage(), e.getCause());
        } finally {
            process.destroyForcibly();
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().name("lpreg-wireguard-command-output").start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }
}
