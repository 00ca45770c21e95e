package io.lpreg.crypto.bench;

import io.lpreg.crypto.libsodium.LibsodiumX25519;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.crypto.BouncyCastleX25519;
import io.lpreg.protocol.crypto.X25519Backend;
import io.lpreg.protocol.crypto.X25519Backends;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * the X25519 operations that bound it, on one thread, once per X25519 backend: each fork selects its
 * backend through {@link X25519Backends#PROPERTY}, as a deployment would. {@link HandshakeBound} runs
 * these and prints the fraction of the bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--enable-native-access=ALL-UNNAMED"})
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

    @Param({LibsodiumX25519.NAME, BouncyCastleX25519.NAME, LazysodiumJnaX25519.NAME, ConscryptXdhX25519.NAME})
    public String backend;

    private X25519Backend x25519;
    private SecureRandom random;
    private KeyPair gatewayKey;
    private byte[] scalar;
    private byte[] point;
    private byte[] out;

    @Setup
    public void setUp() {
        System.setProperty(X25519Backends.PROPERTY, backend);
        x25519 = X25519Backends.active();
        if (!x25519.name().equals(backend)) {
            throw new IllegalStateException("asked for " + backend + ", running " + x25519.name());
        }
        random = new SecureRandom();
        gatewayKey = KeyPair.generate(random);
        scalar = KeyPair.generate(random).privateKey();
        point = KeyPair.generate(random).publicKey();
        out = new byte[32];
    }

    @Benchmark
    public byte[] x25519VariableBase() {
        x25519.scalarMult(scalar, point, out);
        return out;
    }

    @Benchmark
    public byte[] x25519FixedBase() {
        x25519.scalarMultBase(scalar, out);
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
