package io.lpreg.engine.testing;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementResult;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A verifier for scheme {@code test-voucher} whose data says what to do: {@code ok:<id>} accepts with
 * nullifier {@code <id>} and 1 MB, {@code gate:<id>} does the same once the test opens {@link #gate the gate}
 * {@code <id>}, {@code report:<id>} does the same with a report for the settlement outbox (settled as
 * {@link #settleAs} says, pending until then; a rejection costs {@link #PENALTY_FACTOR} times the credit),
 * {@code unavailable} is refused for a key it could not have, {@code reject} rejects, {@code throw} throws.
 */
public final class TestVerifier implements EcashVerifier {
    public static final String SCHEME = "test-voucher";
    public static final long BANDWIDTH = 1_000_000L;
    /** How long a gated verification waits for its gate before it gives up and rejects (a test that failed). */
    private static final Duration GATE_LIMIT = Duration.ofSeconds(60);
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();
    private static final Map<String, SettlementState> SETTLEMENTS = new ConcurrentHashMap<>();
    public static final int PENALTY_FACTOR = 10;
    public static final String SIGNER = "signer-1";

    /**
     * Where a {@code gate:<id>} verification waits: the test learns that the registration is inside the
     * verifier ({@link #awaitEntered}) and decides when it leaves ({@link #open}).
     */
    public static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        public void awaitEntered(Duration limit) throws InterruptedException {
            if (!entered.await(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("no verification reached the gate within " + limit);
            }
        }

        public void open() {
            opened.countDown();
        }

        public boolean isOpen() {
            return opened.getCount() == 0;
        }
    }

    /** The gate of {@code gate:<id>} credentials (one per id, made on first use). */
    public static Gate gate(String id) {
        return GATES.computeIfAbsent(id, ignored -> new Gate());
    }

    /** How the network decides the spend of {@code report:<id>} from now on. */
    public static void settleAs(String id, SettlementState state) {
        SETTLEMENTS.put(id, state);
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        String data = new String(credential.data(), StandardCharsets.US_ASCII);
        if (data.startsWith("ok:")) {
            return new VerificationResult.Accepted(data.substring(3).getBytes(StandardCharsets.US_ASCII), BANDWIDTH,
                    context.now().plus(Duration.ofDays(1)));
        }
        if (data.startsWith("report:")) {
            byte[] id = data.substring(7).getBytes(StandardCharsets.US_ASCII);
            Instant expiry = context.now().plus(Duration.ofDays(1));
            return new VerificationResult.Accepted(id, BANDWIDTH, expiry, expiry, id);
        }
        if (data.equals("unavailable")) {
            return new VerificationResult.Rejected(RejectionReason.KEY_UNAVAILABLE, "no key source answered");
        }
        if (data.startsWith("gate:")) {
            String id = data.substring(5);
            Gate gate = gate(id);
            gate.entered.countDown();
            try {
                if (!gate.opened.await(GATE_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
                    return new VerificationResult.Rejected(RejectionReason.BAD_SIGNATURE, "the test never opened gate " + id);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new VerificationResult.Rejected(RejectionReason.BAD_SIGNATURE, "interrupted at gate " + id);
            }
            return new VerificationResult.Accepted(id.getBytes(StandardCharsets.US_ASCII), BANDWIDTH,
                    context.now().plus(Duration.ofDays(1)));
        }
        if (data.equals("throw")) {
            throw new IllegalStateException("verifier bug");
        }
        return new VerificationResult.Rejected(RejectionReason.BAD_SIGNATURE, "voucher signature does not verify");
    }

    /** One signer, who votes once: accept unless the spend is to be rejected. */
    @Override
    public SettlementResult settle(SettlementEntry entry) {
        String id = new String(entry.settlement().report(), StandardCharsets.US_ASCII);
        SettlementState state = SETTLEMENTS.getOrDefault(id, SettlementState.PENDING);
        List<SettlementVote> votes = state == SettlementState.PENDING || !entry.votes().isEmpty() ? List.of()
                : List.of(new SettlementVote(SIGNER, state == SettlementState.CONFIRMED, "", Instant.now()));
        long penalty = state == SettlementState.REJECTED ? PENALTY_FACTOR * entry.settlement().creditedBytes() : 0;
        return new SettlementResult(votes, state, penalty);
    }

    public static byte[] voucher(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
