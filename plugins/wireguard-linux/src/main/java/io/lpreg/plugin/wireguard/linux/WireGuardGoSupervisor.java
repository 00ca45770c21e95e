package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.WireGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs {@code wireguard-go -f <if>} as a child process and keeps it running: when it exits, the interface
 * (and every peer on it) is gone, so it is started again after a growing delay and set up afresh. While it
 * is down, operations fail at once with the reason instead of waiting.
 */
final class WireGuardGoSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WireGuardGoSupervisor.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int OUTPUT_TAIL = 8;

    /** Brings a freshly started interface to the gateway's configuration: key, port, addresses, link, peers. */
    @FunctionalInterface
    interface Setup {
        void apply() throws WireGuardException;
    }

    private sealed interface State {
        record Running(Process process, long startedNanos) implements State {
        }

        record Down(String reason) implements State {
        }

        record Closed() implements State {
        }
    }

    private final WireGuardLinuxSettings settings;
    private final UapiClient probe;
    private final Setup setup;
    private final Runnable restarted;
    private final ScheduledExecutorService scheduler;
    private final Deque<String> outputTail = new ArrayDeque<>();
    private final Thread shutdownHook;
    private volatile State state = new State.Down("wireguard-go has not been started");
    private Duration backoff;

    WireGuardGoSupervisor(WireGuardLinuxSettings settings, UapiClient probe, Setup setup, Runnable restarted) {
        this.settings = requireNonNull(settings, "settings is null");
        this.probe = requireNonNull(probe, "probe is null");
        this.setup = requireNonNull(setup, "setup is null");
        this.restarted = requireNonNull(restarted, "restarted is null");
        this.backoff = settings.restartBackoff();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lpreg-wireguard-go-" + settings.interfaceName());
            thread.setDaemon(true);
            return thread;
        });
        // the last resort when the gateway is never closed: an orphaned wireguard-go would keep the interface
        this.shutdownHook = new Thread(this::killOnJvmExit, "lpreg-wireguard-go-" + settings.interfaceName() + "-exit");
    }

    /** Starts wireguard-go and sets the interface up; fails (leaving nothing running) if either does. */
    synchronized void start() throws WireGuardException {
        if (!(state instanceof State.Down)) {
            throw new IllegalStateException("wireguard-go is " + state);
        }
        Process process = launch();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        watch(process);
    }

    void requireRunning() throws WireGuardException {
        State current = state;
        switch (current) {
            case State.Running running -> {
                // the exit is seen here before the exit callback has run: say so rather than "connection refused"
                if (!running.process().isAlive()) {
                    throw new WireGuardException("wireguard-go for " + settings.interfaceName() + " exited with "
                            + exitStatus(running.process()) + "; it is being restarted" + tail());
                }
            }
            case State.Down down -> throw new WireGuardException(down.reason());
            case State.Closed closed -> throw new WireGuardException("interface " + settings.interfaceName()
                    + " is shut down");
        }
    }

    /** The wireguard-go process id, while it runs. */
    OptionalLong pid() {
        return state instanceof State.Running running ? OptionalLong.of(running.process().pid()) : OptionalLong.empty();
    }

    @Override
    public void close() {
        Process process;
        synchronized (this) {
            if (state instanceof State.Closed) {
                return;
            }
            process = state instanceof State.Running running ? running.process() : null;
            state = new State.Closed();
        }
        scheduler.shutdownNow();
        if (process != null) {
            stop(process);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or has run
        }
        deleteStaleSocket();
        log.info("wireguard-go for {} stopped", settings.interfaceName());
    }

    private Process launch() throws WireGuardException {
        if (Files.exists(settings.socket())) {
            if (socketAnswers()) {
                throw new WireGuardException("interface " + settings.interfaceName() + " is already run by another "
                        + "process (its UAPI socket " + settings.socket() + " answers): choose another interface name, "
                        + "or use backend \"uapi\" to manage peers on it");
            }
            deleteStaleSocket();
        }
        List<String> command = settings.inNetns(List.of(settings.wireguardGo(), "-f", settings.interfaceName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("WG_PROCESS_FOREGROUND", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new WireGuardException("cannot run wireguard-go ('" + command.getFirst() + "'): " + e.getMessage()
                    + " (is it installed? set [plugins.wireguard-linux] wireguard_go to its path)", e);
        }
        Thread output = pumpOutput(process);
        try {
            awaitSocket(process, output);
            setup.apply();
        } catch (WireGuardException | RuntimeException e) {
            stop(process);
            throw e;
        }
        log.info("wireguard-go (pid {}) runs interface {}{}", process.pid(), settings.interfaceName(),
                settings.netns().map(ns -> " in network namespace " + ns).orElse(""));
        return process;
    }

    private void awaitSocket(Process process, Thread output) throws WireGuardException {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        WireGuardException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                joinQuietly(output);
                throw new WireGuardException("wireguard-go for " + settings.interfaceName() + " exited with "
                        + exitStatus(process) + " before its UAPI socket appeared" + tail());
            }
            if (Files.exists(settings.socket())) {
                try {
                    probe.dump();
                    return;
                } catch (WireGuardException e) {
                    last = e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WireGuardException("interrupted while waiting for wireguard-go", e);
            }
        }
        throw new WireGuardException("wireguard-go for " + settings.interfaceName() + " did not open "
                + settings.socket() + " within " + settings.startTimeout().toMillis() + " ms"
                + (last == null ? "" : " (" + last.getMessage() + ")") + tail());
    }

    private synchronized void watch(Process process) {
        state = new State.Running(process, System.nanoTime());
        process.onExit().thenRun(() -> exited(process));
    }

    private synchronized void exited(Process process) {
        if (!(state instanceof State.Running running) || running.process() != process) {
            return;
        }
        Duration ran = Duration.ofNanos(System.nanoTime() - running.startedNanos());
        if (ran.compareTo(settings.restartBackoffMax()) > 0) {
            backoff = settings.restartBackoff();
        }
        String reason = "wireguard-go for " + settings.interfaceName() + " exited with " + exitStatus(process)
                + "; restarting it in " + backoff.toMillis() + " ms" + tail();
        log.warn(reason);
        state = new State.Down(reason);
        scheduleRestart();
    }

    private void scheduleRestart() {
        Duration delay = backoff;
        backoff = backoff.multipliedBy(2).compareTo(settings.restartBackoffMax()) > 0
                ? settings.restartBackoffMax() : backoff.multipliedBy(2);
        scheduler.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart() {
        synchronized (this) {
            if (!(state instanceof State.Down)) {
                return;
            }
        }
        try {
            Process process = launch();
            synchronized (this) {
                if (state instanceof State.Closed) {
                    stop(process);
                    return;
                }
                watch(process);
            }
            restarted.run();
            log.info("wireguard-go for {} restarted", settings.interfaceName());
        } catch (WireGuardException | RuntimeException e) {
            synchronized (this) {
                if (state instanceof State.Closed) {
                    return;
                }
                String reason = "wireguard-go for " + settings.interfaceName() + " is down and could not be restarted: "
                        + e.getMessage() + "; next attempt in " + backoff.toMillis() + " ms";
                log.warn(reason);
                state = new State.Down(reason);
                scheduleRestart();
            }
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void killOnJvmExit() {
        if (state instanceof State.Running running) {
            running.process().destroy();
        }
    }

    private boolean socketAnswers() {
        try {
            probe.dump();
            return true;
        } catch (WireGuardException e) {
            return false;
        }
    }

    private void deleteStaleSocket() {
        try {
            Files.deleteIfExists(settings.socket());
        } catch (IOException e) {
            log.warn("cannot delete the stale UAPI socket {}: {}", settings.socket(), e.getMessage());
        }
    }

    /** Its last words name the reason it died: read them to the end before reporting. */
    private static void joinQuietly(Thread output) {
        try {
            output.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread pumpOutput(Process process) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String text = line.strip();
                    // the box wireguard-go draws to recommend the kernel module is noise here
                    if (text.isEmpty() || "┌│└".indexOf(text.charAt(0)) >= 0) {
                        continue;
                    }
                    log.debug("wireguard-go {}: {}", settings.interfaceName(), text);
                    synchronized (outputTail) {
                        if (outputTail.size() == OUTPUT_TAIL) {
                            outputTail.removeFirst();
                        }
                        outputTail.addLast(text);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "lpreg-wireguard-go-" + settings.interfaceName() + "-output");
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    private String tail() {
        synchronized (outputTail) {
            return outputTail.isEmpty() ? "" : "; its last output: " + String.join(" | ", outputTail);
        }
    }

    private static String exitStatus(Process process) {
        int code = process.exitValue();
        return code > 128 ? "status " + code + " (signal " + (code - 128) + ")" : "status " + code;
    }
}
