package io.lpreg.plugin.ecash.bls.bench;

import io.lpreg.ecash.issuer.EpochWindow;
import io.lpreg.ecash.issuer.IssuerDirectory;
import io.lpreg.ecash.issuer.TicketCurve;
import io.lpreg.plugin.ecash.bls.BlsTicketVerifier;
import io.lpreg.spi.Credential;
import io.lpreg.spi.TicketType;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketSpend;
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
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;
import supranational.blst.PT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One core: full {@code bls-ticket-v1} verifications per second (decode, subgroup check, Ed25519, hash to G1,
 * pairing check) beside the bare operations that bound it, measured in the same run (DESIGN.md §10).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BlsTicketBenchmark {
    private BlsTicketVerifier verifier;
    private Credential credential;
    private VerificationContext context;
    private P1_Affine g1;
    private P2_Affine g2;
    private P1_Affine sigma;
    private P1_Affine message;
    private P2_Affine key;

    @Setup
    public void setUp() throws Exception {
        Instant now = Instant.now();
        Path dir = Files.createTempDirectory("bls-bench");
        IssuerDirectory issuer = IssuerDirectory.keygen(dir, 3, 2,
                new EpochWindow(1, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(6))),
                EnumSet.allOf(TicketType.class), new SecureRandom());
        Ticket ticket = issuer.issue(TicketType.WIREGUARD_ENTRY, OptionalLong.empty(), 1, now, new SecureRandom()).get(0);
        byte[] gateway = new byte[32];
        byte[] handshake = new byte[32];
        new SecureRandom().nextBytes(handshake);
        verifier = new BlsTicketVerifier(MapPluginConfig.of(Map.of("verification_keys",
                dir.resolve(IssuerDirectory.VERIFICATION_KEYS).toString())));
        credential = new Credential(TicketSpend.SCHEME, TicketSpend.spend(ticket, gateway, handshake, now, new SecureRandom()));
        context = new VerificationContext(TicketType.WIREGUARD_ENTRY, gateway, handshake, now);
        if (!(verifier.verify(credential, context) instanceof VerificationResult.Accepted)) {
            throw new IllegalStateException("the benchmark's spend does not verify");
        }
        g1 = P1_Affine.generator();
        g2 = P2_Affine.generator();
        sigma = TicketCurve.g1(ticket.signature(), "sigma");
        message = TicketCurve.ticketPoint(ticket.ticketType(), ticket.epoch(), ticket.serial()).to_affine();
        key = TicketCurve.g2(issuer.keys().epoch(1).orElseThrow().keys(TicketType.WIREGUARD_ENTRY).orElseThrow()
                .verificationKey(), "key");
    }

    /** What the gateway does per ticket. */
    @Benchmark
    public VerificationResult verification() {
        return verifier.verify(credential, context);
    }

    /** One pairing e(P, Q): one Miller loop and one final exponentiation. */
    @Benchmark
    public PT pairing() {
        return new PT(g1, g2).final_exp();
    }

    /** The verifier's equation alone: two Miller loops, one final exponentiation. */
    @Benchmark
    public boolean pairingCheck() {
        return TicketCurve.pairingCheck(sigma, message, key);
    }
}
