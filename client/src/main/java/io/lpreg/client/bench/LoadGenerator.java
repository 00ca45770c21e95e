package io.lpreg.client.bench;

import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RegistrationResult;
import io.lpreg.client.Timings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import static java.util.Objects.requireNonNull;

/**
 * Runs {@code n} registrations against one gateway with {@code concurrency} in flight, and reports the rate
 * and the latency distribution of each step.
 */
public final class LoadGenerator {
    private static final int PLATFORM_THREADS_UP_TO = 512;

    private final LpRegistrationClient client;

    public LoadGenerator(LpRegistrationClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /**
     * @param options the options of registration {@code i}
     * @param progress called with the number completed so far, from worker threads
     */
    public BenchReport run(GatewayTarget target, int n, int concurrency, IntFunction<RegistrationOptions> options,
                           IntConsumer progress) throws InterruptedException {
        return run(target, n, concurrency, options, progress, completion -> { });
    }

    /** A registration's result and when it completed, in nanoseconds since the run started. */
    public record Completion(RegistrationResult result, long completedNanos) {
    }

    /**
     * As {@link #run(GatewayTarget, int, int, IntFunction, IntConsumer)}, also handing each result to
     * {@code completions} as it arrives (from worker threads), for a report that charts the run over time.
     */
    public BenchReport run(GatewayTarget target, int n, int concurrency, IntFunction<RegistrationOptions> options,
                           IntConsumer progress, Consumer<Completion> completions) throws InterruptedException {
        requireNonNull(completions, "completions is null");
        if (n < 1 || concurrency < 1) {
            throw new IllegalArgumentException("n and concurrency must be positive");
        }
        ConcurrentLinkedQueue<RegistrationResult> results = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService workers = Executors.newThreadPerTaskExecutor(conversations(concurrency))) {
            for (int w = 0; w < concurrency; w++) {
                workers.execute(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        RegistrationResult result = client.register(target, options.apply(i));
                        results.add(result);
                        completions.accept(new Completion(result, System.nanoTime() - started));
                        progress.accept(done.incrementAndGet());
                    }
                });
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        return BenchReport.of(List.copyOf(results), wall, concurrency);
    }

    /**
     * One thread per conversation in flight. Up to a few hundred, platform threads: a blocked one waits in
     * the kernel and wakes once, where a virtual one also wakes the JDK's poller and its scheduler, and a
     * timed read arms the scheduler's timer; on two cores shared with an embedded gateway that was ~8 % of
     * the registrations per second at c=16 (1 102 and 1 076/s against 1 031 and 929/s, alternating runs).
     * Beyond that, virtual threads, so that a large C does not mean as many OS threads.
     */
    private static ThreadFactory conversations(int concurrency) {
        return concurrency <= PLATFORM_THREADS_UP_TO
                ? Thread.ofPlatform().name("lpreg-bench-", 0).factory()
                : Thread.ofVirtual().name("lpreg-bench-", 0).factory();
    }

    /** The outcome of a run. Latencies are in milliseconds. */
    public record BenchReport(int registrations, int registered, int refused, int failed, Duration wall,
                              int concurrency, Map<String, Latency> latencies, Map<String, Integer> errors) {
        public double registrationsPerSecond() {
            return registered / (wall.toNanos() / 1e9);
        }

        static BenchReport of(List<RegistrationResult> results, Duration wall, int concurrency) {
            List<Double> connect = new ArrayList<>();
            List<Double> handshake = new ArrayList<>();
            List<Double> registration = new ArrayList<>();
            List<Double> total = new ArrayList<>();
            Map<String, Integer> errors = new TreeMap<>();
            int registered = 0;
            int refused = 0;
            for (RegistrationResult result : results) {
                switch (result) {
                    case RegistrationResult.Registered r -> {
                        registered++;
                        Timings t = r.timings();
                        t.connect().ifPresent(d -> connect.add(ms(d)));
                        t.handshake().ifPresent(d -> handshake.add(ms(d)));
                        t.registration().ifPresent(d -> registration.add(ms(d)));
                        t.total().ifPresent(d -> total.add(ms(d)));
                    }
                    case RegistrationResult.Refused r -> {
                        refused++;
                        errors.merge("refused: " + r.reason(), 1, Integer::sum);
                    }
                    case RegistrationResult.Failed f -> errors.merge(f.step().label() + ": " + f.message(), 1, Integer::sum);
                }
            }
            Map<String, Latency> latencies = new TreeMap<>();
            latencies.put("connect", Latency.of(connect));
            latencies.put("handshake", Latency.of(handshake));
            latencies.put("registration", Latency.of(registration));
            latencies.put("total", Latency.of(total));
            return new BenchReport(results.size(), registered, refused, results.size() - registered - refused, wall,
                    concurrency, latencies, errors);
        }

        private static double ms(Duration duration) {
            return duration.toNanos() / 1e6;
        }
    }

    /** Percentiles (nearest rank) in milliseconds. */
    public record Latency(int count, double p50, double p90, double p99, double max) {
        static Latency of(List<Double> samples) {
            if (samples.isEmpty()) {
                return new Latency(0, 0, 0, 0, 0);
            }
            double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Latency(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
                    sorted[sorted.length - 1]);
        }

        private static double rank(double[] sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }
}
