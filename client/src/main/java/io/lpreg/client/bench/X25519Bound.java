package io.lpreg.client.bench;

import io.lpreg.protocol.crypto.X25519Backend;
import io.lpreg.protocol.crypto.X25519Backends;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceiling X25519 puts on registrations, measured on this machine now: every core doing nothing but
 * scalar multiplications. One registration costs both sides together 4 fixed-base multiplications (client
 * LP key, client and gateway ephemerals, client WireGuard key) and 8 variable-base ones (es, ee, se and
 * the PSK's DH on each side). Measured on the X25519 backend the handshakes use ({@link X25519Backends}).
 */
public record X25519Bound(double variableBasePerSecond, double fixedBasePerSecond, int threads, String backend) {
    public static final int FIXED_BASE_PER_REGISTRATION = 4;
    public static final int VARIABLE_BASE_PER_REGISTRATION = 8;

    /** Registrations per second the X25519 work alone allows. */
    public double registrationsPerSecond() {
        return 1.0 / (FIXED_BASE_PER_REGISTRATION / fixedBasePerSecond + VARIABLE_BASE_PER_REGISTRATION / variableBasePerSecond);
    }

    /**
     * The higher of two measurements of one backend, e.g. before and after a run. Anything else running
     * during a measurement lowers it, and a low bound would flatter the fraction a run reaches.
     */
    public X25519Bound higher(X25519Bound other) {
        return other.registrationsPerSecond() > registrationsPerSecond() ? other : this;
    }

    public static X25519Bound measure(Duration each, int threads) throws InterruptedException {
        X25519Backend backend = X25519Backends.active();
        double variable = run(backend, each, threads, true);
        double fixed = run(backend, each, threads, false);
        return new X25519Bound(variable, fixed, threads, backend.name());
    }

    private static double run(X25519Backend backend, Duration duration, int threads, boolean variableBase) throws InterruptedException {
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
                backend.scalarMultBase(scalar, point);
                long count = 0;
                long now;
                while ((now = System.nanoTime()) < end) {
                    if (variableBase) {
                        backend.scalarMult(scalar, point, out);
                    } else {
                        backend.scalarMultBase(scalar, out);
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
