package io.lpreg.client.bench;

import org.bouncycastle.math.ec.rfc7748.X25519;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceiling X25519 puts on registrations, measured on this machine now: every core doing nothing but
 * scalar multiplications. One registration costs both sides together 4 fixed-base multiplications (client
 * LP key, client and gateway ephemerals, client WireGuard key) and 8 variable-base ones (es, ee, se and
 * the PSK's DH on each side).
 */
public record X25519Bound(double variableBasePerSecond, double fixedBasePerSecond, int threads) {
    public static final int FIXED_BASE_PER_REGISTRATION = 4;
    public static final int VARIABLE_BASE_PER_REGISTRATION = 8;

    /** Registrations per second the X25519 work alone allows. */
    public double registrationsPerSecond() {
        return 1.0 / (FIXED_BASE_PER_REGISTRATION / fixedBasePerSecond + VARIABLE_BASE_PER_REGISTRATION / variableBasePerSecond);
    }

    public static X25519Bound measure(Duration each, int threads) throws InterruptedException {
        double variable = run(each, threads, true);
        double fixed = run(each, threads, false);
        return new X25519Bound(variable, fixed, threads);
    }

    private static double run(Duration duration, int threads, boolean variableBase) throws InterruptedException {
        LongAdder operations = new LongAdder();
        long warmupEnd = System.nanoTime() + duration.toNanos() / 4;
        long end = warmupEnd + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                SecureRandom random = new SecureRandom();
                byte[] scalar = new byte[32];
                byte[] point = new byte[32];
                byte[] out = new byte[32];
                random.nextBytes(scalar);
                X25519.scalarMultBase(scalar, 0, point, 0);
                long count = 0;
                long now;
                while ((now = System.nanoTime()) < end) {
                    if (variableBase) {
                        X25519.scalarMult(scalar, 0, point, 0, out, 0);
                    } else {
                        X25519.scalarMultBase(scalar, 0, out, 0);
                    }
                    scalar[0] ^= out[0];
                    if (now >= warmupEnd) {
                        count++;
                    }
                }
                operations.add(count);
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return operations.sum() / (duration.toNanos() / 1e9);
    }
}
