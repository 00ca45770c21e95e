package io.lpreg.crypto.libsodium;

import io.lpreg.crypto.bench.LazysodiumJnaX25519;

import com.goterl.lazysodium.SodiumJava;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * What one call into libsodium costs apart from the work it does: a function that only returns a
 * constant, through FFM (as {@code LibsodiumX25519} calls, critical, with a heap array argument) and
 * through lazysodium's JNA binding (with a 32-byte array JNA copies in and out).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--enable-native-access=ALL-UNNAMED"})
@Threads(1)
public class NativeCallBenchmark {
    private final byte[] array = new byte[32];
    private MethodHandle ffmCall;
    private SodiumJava jna;

    @Setup
    public void setUp() {
        jna = new LazysodiumJnaX25519().sodium();
        // libsodium's sodium_memzero(void*, size_t) on 0 bytes: a call that does nothing but arrive.
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = BundledLibsodium.load().find("sodium_memzero").orElseThrow();
        ffmCall = linker.downcallHandle(symbol, FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG),
                Linker.Option.critical(true));
    }

    @Benchmark
    public byte[] ffmCriticalCall() throws Throwable {
        ffmCall.invokeExact(MemorySegment.ofArray(array), 0L);
        return array;
    }

    @Benchmark
    public byte[] jnaCall() {
        jna.sodium_memzero(array, 0);
        return array;
    }
}
