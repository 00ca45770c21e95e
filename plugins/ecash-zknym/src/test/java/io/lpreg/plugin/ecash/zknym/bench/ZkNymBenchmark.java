package io.lpreg.plugin.ecash.zknym.bench;

import io.lpreg.plugin.ecash.zknym.ZkNymVerifier;
import io.lpreg.spi.Credential;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.zknym.IssuerKeys;
import io.lpreg.zknym.PayInfo;
import io.lpreg.zknym.SpendVerifier;
import io.lpreg.zknym.Ticketbook;
import io.lpreg.zknym.Verdict;
import io.lpreg.zknym.ZkNymIssuer;
import io.lpreg.zknym.ZkNymSpend;
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
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.PT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One core: full zk-nym verifications per second through the plugin (parse, policy, spend_verify) beside the
 * pairing bound measured in the same run: the 6 Miller loops and 3 final exponentiations of Nym's three
 * pairing checks (ZKNYM.md §1.3), which no verifier of the scheme can do without (DESIGN.md §10).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ZkNymBenchmark {
    private ZkNymVerifier verifier;
    private Credential credential;
    private VerificationContext context;
    private SpendVerifier spendVerifier;
    private IssuerKeys keys;
    private ZkNymSpend spend;
    private P1_Affine[] p;
    private P2_Affine[] q;

    @Setup
    public void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        keys = ZkNymIssuer.keygen(1, 2, 3, random);
        Ticketbook book = ZkNymIssuer.issue(keys.signers().subList(0, 2), keys.verificationKey(), 1,
                TicketType.WIREGUARD_ENTRY, today.plusDays(3), random);
        byte[] gateway = new byte[32];
        byte[] randomness = new byte[32];
        random.nextBytes(randomness);
        spend = book.spend(PayInfo.of(randomness, now.getEpochSecond(), gateway), today, 0, random);
        Path keysFile = Files.createTempFile("zknym-bench", ".json");
        keysFile.toFile().deleteOnExit();
        Files.writeString(keysFile, "[{\"epoch_id\": 1, \"key\": " + keys.verificationKey().toJson() + "}]");
        verifier = new ZkNymVerifier(MapPluginConfig.of(Map.of("verification_keys", keysFile.toString())),
                new CountingMetrics(), Clock.fixed(now, ZoneOffset.UTC));
        credential = new Credential(ZkNymVerifier.SCHEME, spend.toBytes());
        context = new VerificationContext(TicketType.WIREGUARD_ENTRY, gateway, new byte[32], now);
        // the same spend again is the same pay_info with the same serial: it passes, as an engine retry would
        if (!(verifier.verify(credential, context) instanceof VerificationResult.Accepted)
                || !(verifier.verify(credential, context) instanceof VerificationResult.Accepted)) {
            throw new IllegalStateException("the benchmark's spend does not verify");
        }
        spendVerifier = new SpendVerifier();
        p = new P1_Affine[6];
        q = new P2_Affine[6];
        for (int i = 0; i < 6; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            p[i] = new P1().hash_to(seed, "bench").to_affine();
            q[i] = new P2().hash_to(seed, "bench").to_affine();
        }
    }

    /** What the gateway does per zk-nym. */
    @Benchmark
    public VerificationResult verification() {
        return verifier.verify(credential, context);
    }

    /** The library's spend_verify alone: the proof's recomputation and the three pairing checks. */
    @Benchmark
    public Verdict spendVerify() {
        return spendVerifier.verify(keys.verificationKey(), spend);
    }

    /** The pairing bound: three checks of two Miller loops and one final exponentiation each. */
    @Benchmark
    public boolean pairingBound() {
        boolean one = false;
        for (int check = 0; check < 3; check++) {
            PT product = new PT(p[2 * check], q[2 * check]).mul(new PT(p[2 * check + 1], q[2 * check + 1]));
            one ^= product.final_exp().is_one();
        }
        return one;
    }
}
