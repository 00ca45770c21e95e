package io.lpreg.protocol.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Locale;

/**
 * Runs {@link HandshakeBenchmark} and reports handshakes/s as a fraction of the bound its X25519 work
 * alone allows, both measured in this run: bound = 1 / (3 / fixedBase + 8 / variableBase).
 */
public final class HandshakeBound {
    private HandshakeBound() {
    }

    public static void main(String[] args) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(HandshakeBenchmark.class.getName() + "\\.")
                .build()).run();
        double variable = score(results, "x25519VariableBase");
        double fixed = score(results, "x25519FixedBase");
        double handshakes = score(results, "handshake");
        double bound = 1.0 / (HandshakeBenchmark.BASE_MULTS / fixed + HandshakeBenchmark.VARIABLE_MULTS / variable);
        System.out.printf(Locale.ROOT, "%nX25519 variable-base: %.0f ops/s, fixed-base: %.0f ops/s (one thread)%n", variable, fixed);
        System.out.printf(Locale.ROOT, "X25519 bound for one LP handshake (%d fixed + %d variable): %.0f handshakes/s%n",
                HandshakeBenchmark.BASE_MULTS, HandshakeBenchmark.VARIABLE_MULTS, bound);
        System.out.printf(Locale.ROOT, "LP handshake (both sides, PSK included): %.0f handshakes/s = %.1f%% of the bound%n",
                handshakes, 100 * handshakes / bound);
    }

    private static double score(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + benchmark))
                .getPrimaryResult().getScore();
    }
}
