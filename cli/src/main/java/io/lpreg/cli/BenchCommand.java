package io.lpreg.cli;

import io.lpreg.client.ClientTimeouts;
import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.RetryPolicy;
import io.lpreg.client.bench.LoadGenerator;
import io.lpreg.client.bench.X25519Bound;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.engine.GatewayStartupException;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.listener.ConnectionSlots;
import io.lpreg.protocol.crypto.X25519Backends;
import io.lpreg.protocol.wire.WireVersion;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** {@code lpreg bench}: N registrations at concurrency C, with the X25519 bound measured in the same run. */
@Command(name = "bench", description = "Load-test a gateway: N registrations at concurrency C; rate and latency per step.")
public final class BenchCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @ArgGroup(exclusive = false)
        GatewayOptions remote;

        @Option(names = "--embedded", description = "Start a gateway in this process (SQLite, mock e-cash) and load it")
        boolean embedded;
    }

    @ArgGroup(exclusive = false)
    CredentialOptions credential = new CredentialOptions();

    @Option(names = "--n", defaultValue = "1000", description = "Registrations to run (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--concurrency", defaultValue = "16", description = "Registrations in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    static final int DEFAULT_WARMUP = 10_000;
    /** Idle connections must outlive the handshake timeout while the heap is measured. */
    private static final Duration IDLE_HOLD = Duration.ofMinutes(10);

    @Option(names = "--warmup", paramLabel = "N",
            description = "Registrations run first and not counted, so the JIT has compiled the hot paths (default "
                    + DEFAULT_WARMUP + "; 0 with --wallet, whose tickets a warm-up would spend)")
    Integer warmup;

    @Option(names = "--mode", description = "dvpn or mixnet (default: dvpn; mixnet for --embedded, which has no WireGuard)")
    RegisterCommand.Mode mode;

    @Option(names = "--wire", description = "v1 or v2 (default v1; v2 with --wallet)")
    RegisterCommand.Wire wire;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page: latency distribution per step, throughput over time, the bound")
    Path report;

    @Option(names = "--idle-connections", paramLabel = "N",
            description = "With --embedded: instead of the rate, the gateway's live heap per idle connection (N of them, "
                    + "held by another process from " + MemoryBench.SOURCES + " loopback addresses) and per completed "
                    + "session (the --n registrations)")
    Integer idleConnections;

    @ArgGroup(exclusive = false, heading = "Hostile mode (issue 12 §B): a handshake flood beside the legitimate load%n")
    HostileBench.Options flood;

    @Spec
    CommandSpec spec;

    /** The warm-up asked for; by default none with a wallet, whose tickets every warm-up registration spends. */
    static int warmupRuns(Integer warmup, CredentialOptions credential) {
        return warmup != null ? warmup : credential.usesWallet() ? 0 : DEFAULT_WARMUP;
    }

    /**
     * With a flood whose connections stay open, the embedded gateway's {@code max_connections} is lowered to
     * {@link #HOLDING_FLOOD_MAX_CONNECTIONS}: gateway and flood share one process and its 20 000 descriptors,
     * and the flood must be able to hold every slot.
     */
    static final int HOLDING_FLOOD_MAX_CONNECTIONS = 4_000;

    private UnaryOperator<GatewayConfig> embeddedListener() throws CliException {
        if (idleConnections != null) {
            int max = Math.max(GatewayConfig.defaults().listener().maxConnections(), idleConnections + concurrency);
            // the heap per idle connection is measured over minutes: no hello deadline, no cap per source
            return config -> config.withListener(config.listener().withMaxConnections(max).withTimeouts(IDLE_HOLD, IDLE_HOLD)
                    .withSlots(new ConnectionSlots(max, max, max, IDLE_HOLD, config.listener().slots().provenFor())));
        }
        if (flood != null && HostileLoad.Shape.of(flood.shape).holds()) {
            return config -> config.withListener(config.listener().withMaxConnections(HOLDING_FLOOD_MAX_CONNECTIONS));
        }
        return UnaryOperator.identity();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int warmupRuns = warmupRuns(warmup, credential);
        if (n < 1 || concurrency < 1 || warmupRuns < 0) {
            err.println("lpreg bench: --n and --concurrency must be positive, --warmup not negative");
            return 2;
        }
        if (idleConnections != null && (!target.embedded || idleConnections < 1 || flood != null)) {
            err.println("lpreg bench: --idle-connections needs --embedded, a positive count and no flood");
            return 2;
        }
        Path dataDirectory = null;
        LpGateway gateway = null;
        try {
            if (credential.supplied()) {
                throw new CliException("--credential is one credential, and bench spends one per registration: "
                        + "pay with --use-mock-ecash, --zknym-wallet or --wallet");
            }
            CredentialSource credentials = credential.source();
            WireVersion version = credential.wireVersion(wire);
            GatewayTarget gatewayTarget;
            RegisterCommand.Mode chosenMode = mode;
            if (target.embedded) {
                dataDirectory = Files.createTempDirectory("lpreg-bench-");
                gateway = EmbeddedGateway.start(dataDirectory, List.of("mock"), Optional.empty(), Map.of(), false,
                        embeddedListener());
                gatewayTarget = new GatewayTarget(gateway.address(), GatewayKey.identity(gateway.identityKey()));
                if (chosenMode == RegisterCommand.Mode.dvpn) {
                    err.println("lpreg bench: the embedded gateway has no WireGuard interface; use --mode mixnet");
                    return 2;
                }
                chosenMode = RegisterCommand.Mode.mixnet;
            } else {
                gatewayTarget = target.remote.target();
                chosenMode = chosenMode == null ? RegisterCommand.Mode.dvpn : chosenMode;
            }
            RegistrationOptions base = credential.withTicketType(chosenMode == RegisterCommand.Mode.mixnet
                    ? RegistrationOptions.mixnet(new byte[32], version) : RegistrationOptions.dvpn(version));
            IntFunction<RegistrationOptions> options = chosenMode == RegisterCommand.Mode.mixnet
                    ? i -> RegistrationOptions.mixnet(clientId(), version).withTicketType(base.ticketType())
                    : i -> base;
            LpRegistrationClient client = new LpRegistrationClient(ClientTimeouts.defaults(), RetryPolicy.defaults(),
                    credentials, Clock.systemUTC());
            LoadGenerator generator = new LoadGenerator(client);
            Progress.Terminal terminal = Progress.Terminal.detect();
            if (warmupRuns > 0) {
                Progress warming = new Progress(err, "lpreg bench: warm-up", "registrations", warmupRuns, terminal);
                generator.run(gatewayTarget, warmupRuns, concurrency, options, warming);
                warming.finish();
            }
            if (idleConnections != null) {
                return MemoryBench.run(out, json, gateway, gatewayTarget, idleConnections, n, concurrency, options, generator);
            }
            if (flood != null) {
                LoadGenerator once = new LoadGenerator(new LpRegistrationClient(ClientTimeouts.defaults(), RetryPolicy.none(),
                        credentials, Clock.systemUTC()));
                return HostileBench.run(out, json, flood, gatewayTarget, gatewayTarget.key().lpKey(), n, concurrency,
                        options, generator, once, target.embedded ? gateway : null);
            }
            int threads = Runtime.getRuntime().availableProcessors();
            X25519Bound boundBefore = X25519Bound.measure(Duration.ofSeconds(2), threads);
            Progress progress = new Progress(err, "lpreg bench", "registrations", n, terminal);
            java.util.Queue<LoadGenerator.Completion> completions = new java.util.concurrent.ConcurrentLinkedQueue<>();
            LoadGenerator.BenchReport result = generator.run(gatewayTarget, n, concurrency, options, progress,
                    this.report == null ? completion -> { } : completions::add);
            progress.finish();
            X25519Bound bound = boundBefore.higher(X25519Bound.measure(Duration.ofSeconds(2), threads));
            Map<String, Object> figures = figures(result, bound, chosenMode, version, target.embedded, warmupRuns);
            print(out, result, bound, chosenMode, version, target.embedded, warmupRuns, figures);
            if (this.report != null) {
                try {
                    Files.writeString(this.report, BenchHtmlReport.render(figures, java.util.List.copyOf(completions)));
                } catch (IOException e) {
                    err.println("lpreg bench: cannot write the report " + this.report + ": " + e.getMessage());
                    return 1;
                }
                if (!json) {
                    out.println("report: " + this.report.toAbsolutePath());
                }
            }
            out.flush();
            return result.registered() == result.registrations() ? 0 : 1;
        } catch (CliException e) {
            err.println("lpreg bench: " + e.getMessage());
            return 2;
        } catch (GatewayStartupException e) {
            err.println("lpreg bench: the embedded gateway did not start: " + e.getMessage());
            return 1;
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            if (dataDirectory != null) {
                deleteRecursively(dataDirectory);
            }
        }
    }

    private static byte[] clientId() {
        byte[] id = new byte[32];
        io.lpreg.protocol.SecureRandoms.current().nextBytes(id);
        return id;
    }

    /** What {@code --json} prints; the HTML report shows the same figures. */
    private Map<String, Object> figures(LoadGenerator.BenchReport report, X25519Bound bound, RegisterCommand.Mode mode,
                                        WireVersion version, boolean embedded, int warmupRuns) {
        double rate = report.registrationsPerSecond();
        double fraction = rate / bound.registrationsPerSecond();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("registrations", report.registrations());
        fields.put("registered", report.registered());
        fields.put("refused", report.refused());
        fields.put("failed", report.failed());
        fields.put("concurrency", report.concurrency());
        fields.put("mode", mode.name());
        fields.put("wire", version.name().toLowerCase());
        fields.put("embedded", embedded);
        fields.put("warmup", warmupRuns);
        fields.put("credential", credential.describe());
        fields.put("wall_seconds", report.wall().toNanos() / 1e9);
        fields.put("registrations_per_second", rate);
        Map<String, Object> latency = new LinkedHashMap<>();
        report.latencies().forEach((step, l) -> latency.put(step, Map.of("p50", l.p50(), "p90", l.p90(),
                "p99", l.p99(), "max", l.max(), "count", l.count())));
        fields.put("latency_ms", latency);
        fields.put("x25519", Map.of("variable_base_per_second", bound.variableBasePerSecond(), "backend", bound.backend(),
                "fixed_base_per_second", bound.fixedBasePerSecond(), "threads", bound.threads(),
                "fixed_base_per_registration", X25519Bound.FIXED_BASE_PER_REGISTRATION,
                "variable_base_per_registration", X25519Bound.VARIABLE_BASE_PER_REGISTRATION,
                "bound_registrations_per_second", bound.registrationsPerSecond()));
        fields.put("fraction_of_bound", fraction);
        fields.put("errors", report.errors());
        return fields;
    }

    private void print(PrintWriter out, LoadGenerator.BenchReport report, X25519Bound bound, RegisterCommand.Mode mode,
                       WireVersion version, boolean embedded, int warmupRuns, Map<String, Object> fields) {
        double rate = report.registrationsPerSecond();
        double fraction = rate / bound.registrationsPerSecond();
        if (json) {
            out.println(Json.write(fields));
            return;
        }
        out.printf("%d registrations (%s, wire %s%s, after %d warm-up), concurrency %d: %d registered, %d refused, %d failed in %.2f s%n",
                report.registrations(), mode, version.name().toLowerCase(), embedded ? ", embedded gateway" : "", warmupRuns,
                report.concurrency(), report.registered(), report.refused(), report.failed(), report.wall().toNanos() / 1e9);
        out.printf("%.0f registrations/s%n%n", rate);
        out.printf("%-13s %9s %9s %9s %9s%n", "latency ms", "p50", "p90", "p99", "max");
        for (String step : new String[] {"connect", "handshake", "registration", "total"}) {
            LoadGenerator.Latency l = report.latencies().get(step);
            out.printf("%-13s %9.2f %9.2f %9.2f %9.2f%n", step, l.p50(), l.p90(), l.p99(), l.max());
        }
        out.printf("%nX25519 (%s) on %d threads, the higher of before and after the run: %.0f variable-base/s, %.0f fixed-base/s%n",
                X25519Backends.active().description(), bound.threads(), bound.variableBasePerSecond(), bound.fixedBasePerSecond());
        out.printf("bound: %.0f registrations/s (%d fixed + %d variable multiplications each, both sides)%n",
                bound.registrationsPerSecond(), X25519Bound.FIXED_BASE_PER_REGISTRATION,
                X25519Bound.VARIABLE_BASE_PER_REGISTRATION);
        out.printf("measured: %.1f%% of the bound%n", 100 * fraction);
        report.errors().forEach((error, count) -> out.printf("  %d × %s%n", count, error));
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
