package io.lpreg.cli;

import io.lpreg.client.GatewayTarget;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.bench.LoadGenerator;
import io.lpreg.engine.LpGateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * {@code lpreg bench --embedded --idle-connections N}: the embedded gateway's heap per open idle connection
 * and per completed session. The idle connections come from another process, from {@link #SOURCES}
 * loopback addresses; the sessions are the run's N registrations. Heap is what stays live after a full
 * collection ({@code System.gc()}, which the JVM's default collector runs as one).
 */
final class MemoryBench {
    static final int SOURCES = 50;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private MemoryBench() {
    }

    static int run(PrintWriter out, boolean json, LpGateway gateway, GatewayTarget target, int idle, int n, int concurrency,
                   IntFunction<RegistrationOptions> options, LoadGenerator generator) throws Exception {
        int sources = Math.min(SOURCES, idle);
        long beforeIdle = liveHeap();
        long withIdle;
        try (Holder holder = Holder.start(gateway.address(), idle, sources)) {
            awaitActive(gateway, idle);
            withIdle = liveHeap();
        }
        awaitActive(gateway, 0);
        long beforeSessions = liveHeap();
        LoadGenerator.BenchReport report = generator.run(target, n, concurrency, options, done -> { });
        long afterSessions = liveHeap();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("idle_connections", idle);
        figures.put("sources", sources);
        figures.put("heap_bytes_per_idle_connection", (withIdle - beforeIdle) / (double) idle);
        figures.put("sessions", report.registered());
        figures.put("heap_bytes_per_completed_session", (afterSessions - beforeSessions) / (double) Math.max(1, report.registered()));
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("before_idle", beforeIdle);
        live.put("with_idle", withIdle);
        live.put("before_sessions", beforeSessions);
        live.put("after_sessions", afterSessions);
        figures.put("live_heap_bytes", live);
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("memory", figures);
            fields.put("errors", report.errors());
            out.println(Json.write(fields));
        } else {
            out.printf("%d idle connections from %d loopback sources: %.0f bytes of live heap each%n", idle,
                    sources, figures.get("heap_bytes_per_idle_connection"));
            out.printf("%d completed sessions: %.0f bytes of live heap each (live heap %d -> %d bytes)%n",
                    report.registered(), figures.get("heap_bytes_per_completed_session"), beforeSessions, afterSessions);
            report.errors().forEach((error, count) -> out.printf("  %d × %s%n", count, error));
        }
        out.flush();
        return report.registered() == report.registrations() ? 0 : 1;
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void awaitActive(LpGateway gateway, long expected) throws CliException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long active;
        while ((active = gateway.metrics().summary().activeConnections()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new CliException("the gateway holds " + active + " connections, not " + expected + ", after "
                        + SETTLE.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** The {@link IdleConnectionHolder} process, stopped by closing its standard input. */
    private record Holder(Process process) implements AutoCloseable {
        static Holder start(InetSocketAddress gateway, int count, int sources) throws IOException, CliException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    IdleConnectionHolder.class.getName(), gateway.getHostString(), String.valueOf(gateway.getPort()),
                    String.valueOf(count), String.valueOf(sources)))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Holder holder = new Holder(process);
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = lines.readLine();
            if (line == null || !line.equals("ready " + count)) {
                holder.close();
                throw new CliException("the process holding the idle connections did not open them (it said: " + line + ")");
            }
            return holder;
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
