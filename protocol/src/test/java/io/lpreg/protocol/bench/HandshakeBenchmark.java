package io.lpreg.protocol.bench;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;
import org.bouncycastle.math.ec.rfc7748.X25519;
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

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A complete LP handshake (ClientHello, PSK derivation on both sides, XKpsk3 msg1–msg3, split) beside
 * the X25519 operations that bound it, on one thread. {@link HandshakeBound} runs these and prints the
 * fraction of the bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Threads(1)
public class HandshakeBenchmark {
    /**
     * X25519 work of one measured handshake: client 6 (fresh LP key pair and ephemeral = 2 fixed-base;
     * es, se, ee and the PSK DH), gateway 5 (ephemeral = fixed-base; es, ee, se and the PSK DH) — 3
     * fixed-base and 8 variable-base multiplications.
     */
    public static final int BASE_MULTS = 3;
    public static final int VARIABLE_MULTS = 8;

    private static final Instant NOW = Instant.ofEpochSecond(1_762_819_200L);

    private SecureRandom random;
    private KeyPair gatewayKey;
    private byte[] scalar;
    private byte[] point;
    private byte[] out;

    @Setup
    public void setUp() {
        random = new SecureRandom();
        gatewayKey = KeyPair.generate(random);
        scalar = KeyPair.generate(random).privateKey();
        point = KeyPair.generate(random).publicKey();
        out = new byte[32];
    }

    @Benchmark
    public byte[] x25519VariableBase() {
        X25519.scalarMult(scalar, 0, point, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] x25519FixedBase() {
        X25519.scalarMultBase(scalar, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] handshake() throws LpProtocolException {
        // A registration client makes a fresh LP key pair per attempt (LP-WIRE.md §A.3.1), so it is measured.
        KeyPair clientKey = KeyPair.generate(random);
        LpSession client = LpSession.initiator(clientKey, gatewayKey.publicKey(), WireVersion.V1,
                EphemeralKeySource.random(random));
        LpSession gateway = LpSession.responder(gatewayKey, TimestampWindow.defaults(), EphemeralKeySource.random(random));
        List<LpPacket> opening = client.start(NOW, random);
        gateway.receive(opening.get(0), NOW);
        LpPacket msg2 = gateway.receive(opening.get(1), NOW).packets().get(0);
        LpPacket msg3 = client.receive(msg2, NOW).packets().get(0);
        gateway.receive(msg3, NOW);
        return gateway.handshakeHash();
    }
}
