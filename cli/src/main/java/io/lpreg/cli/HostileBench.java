package io.lpreg.cli;

import io.lpreg.client.GatewayTarget;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.bench.LoadGenerator;
import io.lpreg.engine.LpGateway;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import static java.util.Objects.requireNonNull;

/**
 * {@code lpreg bench --flood-rate R [--flood-shape SHAPE]}: the legitimate load without a flood, the flood
 * alone (the gateway's CPU time per hostile connection), then the legitimate load under the flood with clients
 * that retry on {@code Busy} and with clients that do not — all in one run, on one machine, so the figures
 * compare. With the gateway in this process, also how its connections ended and, at the end with the flood
 * still holding what it holds, its live heap and direct memory.
 */
final class HostileBench {
    /** The flood's options; a separate group so the rest of {@code lpreg bench} is unchanged. */
    static final class Options {
        @picocli.CommandLine.Option(names = "--flood-rate", paramLabel = "CONN/S", required = true,
                description = "Also run a handshake flood of this many bogus connections per second (loopback targets only)")
        double rate;

        @picocli.CommandLine.Option(names = "--flood-shape", paramLabel = "SHAPE", defaultValue = "random-msg1",
                description = "What each hostile connection does: random-msg1 (a hello and a msg 1 of random bytes), "
                        + "replayed-msg1 (one valid msg 1 behind fresh hellos), idle (connects, says nothing), "
                        + "partial-frame (a real handshake, then half a request frame), hello-only (default ${DEFAULT-VALUE})")
        String shape;

        @picocli.CommandLine.Option(names = "--flood-sources", defaultValue = "200",
                description = "Source addresses of the flood, 127.0.12.1 upwards (default ${DEFAULT-VALUE})")
        int sources;

        @picocli.CommandLine.Option(names = "--flood-threads", defaultValue = "2",
                description = "Threads sending the flood, each with non-blocking sockets on one selector (default ${DEFAULT-VALUE})")
        int threads;

        @picocli.CommandLine.Option(names = "--flood-cpu-seconds", defaultValue = "10",
                description = "How long the flood runs alone to measure the gateway's CPU per bogus connection (default ${DEFAULT-VALUE})")
        int cpuSeconds;
    }

    /** The flood runs this long before its CPU is measured: the steady state is what a long flood costs. */
    static final Duration FLOOD_WARMUP = Duration.ofSeconds(3);

    record Phase(String name, LoadGenerator.BenchReport report) {
    }

    private HostileBench() {
    }

    /**
     * @param retrying the load generator whose client retries on Busy; {@code once} one whose client does not
     * @param gatewayInProcess true when the gateway runs in this process, so its CPU can be measured
     */
    static int run(PrintWriter out, boolean json, Options options, GatewayTarget target, byte[] gatewayLpKey, int n,
                   int concurrency, IntFunction<RegistrationOptions> registration, LoadGenerator retrying,
                   LoadGenerator once, LpGateway gateway) throws Exception {
        requireNonNull(options, "options is null");
        HostileLoad.Shape shape = HostileLoad.Shape.of(options.shape);
        boolean gatewayInProcess = gateway != null;
        LoadGenerator.BenchReport quiet = retrying.run(target, n, concurrency, registration, done -> { });

        Map<String, Object> floodAlone = new LinkedHashMap<>();
        LoadGenerator.BenchReport underFlood;
        LoadGenerator.BenchReport underFloodOnce;
        double achievedRate;
        Map<String, Object> end = new LinkedHashMap<>();
        try (HostileLoad flood = HostileLoad.start(target.address(), gatewayLpKey, options.sources, options.threads,
                options.rate, shape)) {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            // time to reach its rate and for the JIT to compile the refusal paths, then the measured window
            Thread.sleep(FLOOD_WARMUP.toMillis());
            long processCpu = os.getProcessCpuTime();
            long floodCpu = flood.cpuTime().toNanos();
            long listenerCpu = listenerThreadsCpu();
            long attempted = flood.attempted();
            long started = System.nanoTime();
            Thread.sleep(options.cpuSeconds * 1_000L);
            double seconds = (System.nanoTime() - started) / 1e9;
            long bogus = flood.attempted() - attempted;
            long gatewayCpu = (os.getProcessCpuTime() - processCpu) - (flood.cpuTime().toNanos() - floodCpu);
            long listenerOnly = listenerThreadsCpu() - listenerCpu;
            achievedRate = bogus / seconds;
            floodAlone.put("seconds", seconds);
            floodAlone.put("bogus_connections", bogus);
            floodAlone.put("bogus_connections_per_second", achievedRate);
            if (gatewayInProcess) {
                floodAlone.put("gateway_cpu_cores", gatewayCpu / 1e9 / seconds);
                floodAlone.put("gateway_cpu_microseconds_per_bogus_connection", bogus == 0 ? 0 : gatewayCpu / 1e3 / bogus);
                floodAlone.put("listener_threads_cpu_microseconds_per_bogus_connection",
                        bogus == 0 ? 0 : listenerOnly / 1e3 / bogus);
            }
            floodAlone.put("flood_cpu_cores", (flood.cpuTime().toNanos() - floodCpu) / 1e9 / seconds);
            floodAlone.put("held_at_end", flood.open());
            if (gatewayInProcess) {
                floodAlone.put("gateway_open_connections", gateway.metrics().summary().activeConnections());
            }

            underFlood = retrying.run(target, n, concurrency, registration, done -> { });
            underFloodOnce = once.run(target, n, concurrency, registration, done -> { });
            floodAlone.put("bogus_connections_total", flood.attempted());
            floodAlone.put("connect_failures", flood.failedToConnect());
            end.put("flood_held_now", flood.open());
            end.put("flood_held_max", flood.maxOpen());
            if (gatewayInProcess) {
                end.put("gateway_open_connections", gateway.metrics().summary().activeConnections());
                end.put("gateway_max_connections", gateway.config().listener().maxConnections());
                Map<String, Long> results = new LinkedHashMap<>();
                gateway.metrics().summary().connections().forEach((result, count) -> results.put(result.label(), count));
                end.put("gateway_connections_by_result", results);
                Map<String, Long> failures = new LinkedHashMap<>();
                gateway.metrics().summary().handshakesFailed().forEach((reason, count) -> {
                    if (count > 0) {
                        failures.put(reason.label(), count);
                    }
                });
                end.put("gateway_handshake_failures", failures);
                end.putAll(GatewayMemory.measure());
            }
        }
        Phase[] phases = {new Phase("no flood (retrying client)", quiet), new Phase("flood, retrying client", underFlood),
                new Phase("flood, client without retries", underFloodOnce)};
        print(out, json, options, shape, phases, floodAlone, end, gatewayInProcess);
        return underFlood.registered() == underFlood.registrations() ? 0 : 1;
    }

    private static void print(PrintWriter out, boolean json, Options options, HostileLoad.Shape shape, Phase[] phases,
                              Map<String, Object> flood, Map<String, Object> end, boolean gatewayInProcess) {
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("flood_shape", shape.label);
            fields.put("flood_target_rate", options.rate);
            fields.put("flood_sources", options.sources);
            fields.put("cores", Runtime.getRuntime().availableProcessors());
            fields.put("flood_alone", flood);
            for (Phase phase : phases) {
                fields.put(phase.name(), summary(phase.report()));
            }
            fields.put("at_end", end);
            out.println(Json.write(fields));
            return;
        }
        out.printf("flood %s: target %.0f hostile connections/s from %d sources in 127.0.12.0/24; legitimate clients from"
                + " 127.0.0.1; everything shares this machine's %d cores%n", shape.label, options.rate, options.sources,
                Runtime.getRuntime().availableProcessors());
        out.printf("flood alone for %.1f s after %d s of warm-up: %.0f bogus connections/s achieved (%d did not connect"
                + " or were not answered within 2 s, over the whole run)%n", (double) flood.get("seconds"), FLOOD_WARMUP.toSeconds(),
                (double) flood.get("bogus_connections_per_second"), (long) flood.get("connect_failures"));
        if (gatewayInProcess) {
            out.printf("gateway CPU: %.2f cores, %.1f µs per bogus connection (process CPU minus the flood threads' CPU:"
                    + " GC and JIT count as the gateway's), of which %.1f µs on the listener's accept and event-loop threads%n",
                    (double) flood.get("gateway_cpu_cores"), (double) flood.get("gateway_cpu_microseconds_per_bogus_connection"),
                    (double) flood.get("listener_threads_cpu_microseconds_per_bogus_connection"));
        }
        out.printf("%n%-32s %9s %9s %9s %9s %9s %9s%n", "legitimate load", "success", "refused", "failed", "reg/s", "p50 ms", "p99 ms");
        for (Phase phase : phases) {
            LoadGenerator.BenchReport r = phase.report();
            LoadGenerator.Latency total = r.latencies().get("total");
            out.printf("%-32s %8.2f%% %9d %9d %9.0f %9.1f %9.1f%n", phase.name(), 100.0 * r.registered() / r.registrations(),
                    r.refused(), r.failed(), r.registrationsPerSecond(), total.p50(), total.p99());
        }
        double ratio = phases[1].report().registrationsPerSecond() / phases[0].report().registrationsPerSecond();
        out.printf("legitimate rate under the flood: %.0f%% of the rate without it%n", 100 * ratio);
        for (Phase phase : phases) {
            phase.report().errors().forEach((error, count) -> out.printf("  %s: %d × %s%n", phase.name(), count, error));
        }
        out.printf("at the end: the flood held %d connections (at most %d at once)", (long) end.get("flood_held_now"),
                (long) end.get("flood_held_max"));
        if (gatewayInProcess) {
            out.printf("; the gateway had %d of %d open; connections by result %s; handshake failures %s%n",
                    (long) end.get("gateway_open_connections"), (int) end.get("gateway_max_connections"),
                    end.get("gateway_connections_by_result"), end.get("gateway_handshake_failures"));
            out.printf("gateway memory at the end, flood still on: live heap %.1f MiB, direct memory %.1f MiB (Netty's"
                    + " count), %.1f MiB (JDK direct buffer pool)%n", (long) end.get("live_heap_bytes") / 1048576.0,
                    (long) end.get("netty_direct_bytes") / 1048576.0, (long) end.get("jdk_direct_bytes") / 1048576.0);
        } else {
            out.println();
        }
    }

    /** CPU time of the LP listener's accept and event-loop threads (LpListener's thread names). */
    private static long listenerThreadsCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith(io.lpreg.engine.listener.LpListener.ACCEPT_THREAD_PREFIX)
                    || info.getThreadName().startsWith(io.lpreg.engine.listener.LpListener.EVENT_LOOP_THREAD_PREFIX))) {
                total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static Map<String, Object> summary(LoadGenerator.BenchReport r) {
        LoadGenerator.Latency total = r.latencies().get("total");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("registrations", r.registrations());
        fields.put("registered", r.registered());
        fields.put("refused", r.refused());
        fields.put("failed", r.failed());
        fields.put("success_fraction", (double) r.registered() / r.registrations());
        fields.put("registrations_per_second", r.registrationsPerSecond());
        fields.put("p50_ms", total.p50());
        fields.put("p99_ms", total.p99());
        fields.put("errors", r.errors());
        return fields;
    }
}
