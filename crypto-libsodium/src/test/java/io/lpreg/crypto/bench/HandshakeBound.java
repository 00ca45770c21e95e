package io.lpreg.crypto.bench;

import io.lpreg.crypto.libsodium.LibsodiumX25519;
import io.lpreg.crypto.libsodium.NativeCallBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * One JMH run: {@link HandshakeBenchmark} on every X25519 backend, reported as handshakes/s and as a
 * fraction of the bound the backend's own X25519 work allows, bound = 1 / (3 / fixedBase + 8 / variableBase),
 * both measured in this run; then the per-call cost of FFM and JNA, and ChaCha20-Poly1305 and SHA-256 of
 * BouncyCastle and the JDK ({@link PrimitiveBenchmark}).
 */
public final class HandshakeBound {
    /** What a process with this module on its class path runs (X25519Backends picks it first). */
    private static final String DEFAULT_BACKEND = LibsodiumX25519.NAME;
    private static final List<String> BACKENDS = List.of(LibsodiumX25519.NAME, "bouncycastle",
            LazysodiumJnaX25519.NAME, ConscryptXdhX25519.NAME);

    private HandshakeBound() {
    }

    public static void main(String[] args) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(HandshakeBenchmark.class.getName() + "\\.")
                .include(NativeCallBenchmark.class.getName() + "\\.")
                .include(PrimitiveBenchmark.class.getName() + "\\.")
                .build()).run();

        System.out.printf(Locale.ROOT, "%nX25519 backend   variable-base/s  fixed-base/s  bound (3 fixed + 8 variable)  handshakes/s  of the bound%n");
        for (String backend : BACKENDS) {
            Row row = row(results, backend);
            System.out.printf(Locale.ROOT, "%-15s  %15.0f  %12.0f  %29.0f  %12.0f  %11.1f%%%n", backend,
                    row.variable, row.fixed, row.bound(), row.handshakes, 100 * row.handshakes / row.bound());
        }
        System.out.printf(Locale.ROOT, "%nOne native call that does nothing: FFM (critical) %.1f ns, JNA %.1f ns%n",
                score(results, "NativeCallBenchmark.ffmCriticalCall", null), score(results, "NativeCallBenchmark.jnaCall", null));
        System.out.printf(Locale.ROOT, "%nbytes   ChaCha20-Poly1305 seal/s: BouncyCastle        JDK    SHA-256/s: BouncyCastle        JDK%n");
        for (String size : List.of("0", "32", "64", "512")) {
            System.out.printf(Locale.ROOT, "%5s   %37.0f %10.0f   %22.0f %10.0f%n", size,
                    score(results, "chachaPolyBouncyCastle", "size=" + size), score(results, "chachaPolyJdk", "size=" + size),
                    score(results, "sha256BouncyCastle", "size=" + size), score(results, "sha256Jdk", "size=" + size));
        }
        Row chosen = row(results, DEFAULT_BACKEND);
        Row portable = row(results, "bouncycastle");
        System.out.printf(Locale.ROOT, "%nLP handshake (both sides, PSK included): %.0f handshakes/s = %.1f%% of the bound "
                        + "(default backend %s; %.2fx bouncycastle)%n",
                chosen.handshakes, 100 * chosen.handshakes / chosen.bound(), DEFAULT_BACKEND, chosen.handshakes / portable.handshakes);
    }

    private record Row(double variable, double fixed, double handshakes) {
        double bound() {
            return 1.0 / (HandshakeBenchmark.BASE_MULTS / fixed + HandshakeBenchmark.VARIABLE_MULTS / variable);
        }
    }

    private static Row row(Collection<RunResult> results, String backend) {
        String param = "backend=" + backend;
        return new Row(score(results, "HandshakeBenchmark.x25519VariableBase", param),
                score(results, "HandshakeBenchmark.x25519FixedBase", param),
                score(results, "HandshakeBenchmark.handshake", param));
    }

    /** The score of a benchmark (its name's tail) with {@code param} ("name=value", or null for none). */
    private static double score(Collection<RunResult> results, String benchmark, String param) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
                .filter(r -> param == null || param.equals(param.split("=")[0] + "=" + r.getParams().getParam(param.split("=")[0])))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + benchmark + " " + param))
                .getPrimaryResult().getScore();
    }
}
