package io.lpreg.engine.registration;

import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.RegistrationFailure;
import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.InMemoryWireGuard;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementResult;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.spi.WireGuardKey;
import io.lpreg.testkit.storage.MutableClock;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The settlement outbox with the real SQLite storage (the plugin, loaded as the engine tests load it): a spend
 * with a report is enqueued in its own transaction, and the drainer settles it, charges a rejection and backs
 * off from an undecided or failed attempt on a clock the test moves.
 */
class SettlementOutboxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration RETRY_MIN = Duration.ofSeconds(5);
    private static final Duration RETRY_MAX = Duration.ofMinutes(5);
    private static final String SCHEME = TestVerifier.SCHEME;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final GatewayMetrics metrics = GatewayMetrics.withoutJvmMetrics();
    private final InMemoryWireGuard wireGuard = TestGateway.newWireGuard();
    private final ScriptedVerifier verifier = new ScriptedVerifier();
    private final List<Integer> wakes = new CopyOnWriteArrayList<>();
    private FaultyStorage storage;
    private RegistrationPipeline pipeline;
    private SettlementOutbox outbox;

    /** Settles as the test scripts it (confirm on an empty script), verifies as {@link TestVerifier}. */
    private static final class ScriptedVerifier implements EcashVerifier {
        private final TestVerifier verifying = new TestVerifier();
        private final Deque<Object> answers = new ArrayDeque<>();
        private final List<SettlementEntry> asked = new CopyOnWriteArrayList<>();

        synchronized void answer(Object... results) {
            answers.addAll(List.of(results));
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Set<String> schemes() {
            return Set.of(SCHEME);
        }

        @Override
        public VerificationResult verify(Credential credential, VerificationContext context) {
            return verifying.verify(credential, context);
        }

        @Override
        public synchronized SettlementResult settle(SettlementEntry entry) throws Exception {
            asked.add(entry);
            Object answer = answers.isEmpty() ? confirmed() : answers.poll();
            if (answer instanceof Exception e) {
                throw e;
            }
            return (SettlementResult) answer;
        }
    }

    /** Storage whose first transaction (the claim) commits and every later one fails. */
    private static final class CommitFailsAfterClaim implements GatewayStorage {
        private final GatewayStorage delegate;
        private final AtomicInteger transactions = new AtomicInteger();

        CommitFailsAfterClaim(GatewayStorage delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "fails-after-claim";
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
            if (transactions.incrementAndGet() > 1) {
                throw new StorageException("injected: database is locked");
            }
            return delegate.inTransaction(work);
        }

        @Override
        public List<StoredPeer> peers() throws StorageException {
            return delegate.peers();
        }

        @Override
        public int purgeExpired(Instant now) throws StorageException {
            return delegate.purgeExpired(now);
        }

        @Override
        public boolean isReachable() {
            return delegate.isReachable();
        }
    }

    @AfterEach
    void stop() {
        if (outbox != null) {
            outbox.close();
        }
        if (storage != null) {
            storage.stop();
        }
    }

    private void start() throws Exception {
        start(Map.of(SCHEME, verifier), SettlementOutbox.Settings.of(RETRY_MIN, RETRY_MAX));
    }

    private void start(Map<String, EcashVerifier> drainerVerifiers, SettlementOutbox.Settings settings)
            throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("lib"), dir.resolve("data"));
        storage.start();
        outbox = new SettlementOutbox(storage, drainerVerifiers, metrics, clock, settings);
        pipeline = new RegistrationPipeline(storage, Optional.of(RegistrationPipeline.AnnouncedWireGuard.of(wireGuard)),
                Map.of(SCHEME, verifier), Map.of(DvpnMode.NAME, new DvpnMode(GatewayConfig.defaults())), metrics,
                clock, TimestampWindow.defaults(), LpTestClient.randomKey(), KeyPair.generate(RANDOM).privateKey(),
                key -> { }, new PeerClaims(), () -> {
                    wakes.add(1);
                    outbox.wake();
                });
    }

    private LpRegistrationRequest dvpn(byte[] key, String voucher) {
        return new LpRegistrationRequest(key, new RequestCredential.Envelope(SCHEME, TestVerifier.voucher(voucher)),
                TicketType.WIREGUARD_ENTRY, new RegistrationMode.Dvpn(), InetAddress.getLoopbackAddress(),
                clock.instant().getEpochSecond(), Optional.empty(), Optional.empty());
    }

    private RegistrationOutcome register(LpRegistrationRequest request) {
        return pipeline.register(request, LpTestClient.randomKey(), () -> true);
    }

    /** A registration whose spend carries a report; returns the client's WireGuard key. */
    private WireGuardKey registerWithReport() {
        byte[] key = LpTestClient.randomKey();
        RegistrationOutcome outcome = register(dvpn(key, "report:" + UUID.randomUUID()));
        assertThat(outcome.failure()).isEmpty();
        return new WireGuardKey(key);
    }

    private SettlementEntry onlyEntry() throws Exception {
        List<SettlementEntry> entries = storage.settlements(10);
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private static SettlementVote vote(String signer, boolean accepted) {
        return new SettlementVote(signer, accepted, accepted ? "" : "double spent", Instant.now());
    }

    private static SettlementResult confirmed() {
        return new SettlementResult(List.of(vote("a", true)), SettlementState.CONFIRMED, 0);
    }

    private double counter(String name, String... labels) {
        for (MetricSnapshot snapshot : metrics.registry().scrape()) {
            if (snapshot.getMetadata().getPrometheusName().equals(name) && snapshot instanceof CounterSnapshot counter) {
                Labels wanted = Labels.of(labels);
                return counter.getDataPoints().stream().filter(point -> point.getLabels().equals(wanted))
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).findFirst().orElse(0);
            }
        }
        throw new AssertionError("no counter " + name);
    }

    @Test
    void aSpendWithAReportIsEnqueuedPendingWithTheSpendAndItsClient() throws Exception {
        start();
        String id = UUID.randomUUID().toString();

        RegistrationOutcome outcome = register(dvpn(LpTestClient.randomKey(), "report:" + id));

        assertThat(outcome.failure()).isEmpty();
        SettlementEntry entry = onlyEntry();
        byte[] nullifier = id.getBytes(StandardCharsets.US_ASCII);
        assertThat(entry.state()).isEqualTo(SettlementState.PENDING);
        assertThat(entry.attempts()).isZero();
        assertThat(entry.settlement().scheme()).isEqualTo(SCHEME);
        assertThat(entry.settlement().nullifier()).isEqualTo(nullifier);
        assertThat(entry.settlement().report()).isEqualTo(nullifier);
        assertThat(entry.settlement().creditedBytes()).isEqualTo(TestVerifier.BANDWIDTH);
        assertThat(entry.settlement().client()).isEqualTo(storage.spent(nullifier).orElseThrow().client());
        assertThat(entry.settlement().createdAt()).isEqualTo(clock.instant());
        assertThat(wakes).as("the drainer was told").hasSize(1);
    }

    @Test
    void aSpendWithoutAReportEnqueuesNothing() throws Exception {
        start();

        assertThat(register(dvpn(LpTestClient.randomKey(), "ok:" + UUID.randomUUID())).failure()).isEmpty();

        assertThat(storage.settlements(10)).isEmpty();
        assertThat(wakes).isEmpty();
    }

    @Test
    void aFailedCommitLeavesNeitherTheSpendNorItsSettlement() throws Exception {
        start();
        String id = UUID.randomUUID().toString();
        storage.inject(FaultyStorage.Fault.FAIL_COMMIT);

        RegistrationOutcome outcome = register(dvpn(LpTestClient.randomKey(), "report:" + id));

        assertThat(outcome.failure()).hasValue(RegistrationFailure.STORAGE);
        storage.inject(FaultyStorage.Fault.NONE);
        assertThat(storage.spent(id.getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(storage.settlements(10)).isEmpty();
        assertThat(wakes).as("nothing committed, nothing to wake for").isEmpty();
    }

    @Test
    void theSameRequestAgainEnqueuesNothingNew() throws Exception {
        start();
        LpRegistrationRequest request = dvpn(LpTestClient.randomKey(), "report:" + UUID.randomUUID());

        assertThat(register(request).failure()).isEmpty();
        assertThat(register(request).failure()).as("an idempotent retry").isEmpty();

        assertThat(storage.settlements(10)).hasSize(1);
        assertThat(wakes).hasSize(1);
    }

    @Test
    void aConfirmedSpendIsDecidedWithItsVotesAndCounted() throws Exception {
        start();
        WireGuardKey client = registerWithReport();
        verifier.answer(new SettlementResult(List.of(vote("a", true), vote("b", true), vote("c", false)),
                SettlementState.CONFIRMED, 0));

        SettlementOutbox.Round round = outbox.drain();

        assertThat(round).isEqualTo(new SettlementOutbox.Round(1, 1, 0, 0, 0));
        SettlementEntry entry = onlyEntry();
        assertThat(entry.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(entry.votes()).extracting(SettlementVote::signer).containsExactly("a", "b", "c");
        assertThat(storage.balance(client)).map(Bandwidth::availableBytes).hasValue(TestVerifier.BANDWIDTH);
        assertThat(outbox.drain().claimed()).as("a decided spend is not claimed again").isZero();
        assertThat(counter("lp_settlements", "scheme", SCHEME, "outcome", "confirmed")).isEqualTo(1);
        assertThat(counter("lp_settlement_votes", "scheme", SCHEME, "vote", "accept")).isEqualTo(2);
        assertThat(counter("lp_settlement_votes", "scheme", SCHEME, "vote", "reject")).isEqualTo(1);
    }

    @Test
    void aRejectedSpendCostsItsClientThePenaltyButNeverBelowZero() throws Exception {
        start();
        WireGuardKey client = registerWithReport();
        verifier.answer(new SettlementResult(List.of(vote("a", false)), SettlementState.REJECTED,
                10 * TestVerifier.BANDWIDTH));

        assertThat(outbox.drain().rejected()).isEqualTo(1);

        assertThat(onlyEntry().state()).isEqualTo(SettlementState.REJECTED);
        assertThat(storage.balance(client)).map(Bandwidth::availableBytes).hasValue(0L);
        assertThat(counter("lp_settlements", "scheme", SCHEME, "outcome", "rejected")).isEqualTo(1);
        assertThat(counter("lp_settlement_penalty_bytes")).as("what the balance held, not the penalty asked")
                .isEqualTo(TestVerifier.BANDWIDTH);
    }

    @Test
    void aRejectionThatCannotBeRecordedTakesNothingAndIsSettledAgainAfterTheLease() throws Exception {
        start();
        WireGuardKey client = registerWithReport();
        verifier.answer(new SettlementResult(List.of(vote("a", false)), SettlementState.REJECTED, 1000));
        SettlementOutbox failing = new SettlementOutbox(new CommitFailsAfterClaim(storage), Map.of(SCHEME, verifier),
                metrics, clock, SettlementOutbox.Settings.of(RETRY_MIN, RETRY_MAX));

        assertThat(failing.drain().failed()).isEqualTo(1);

        assertThat(onlyEntry().state()).isEqualTo(SettlementState.PENDING);
        assertThat(storage.balance(client)).map(Bandwidth::availableBytes).hasValue(TestVerifier.BANDWIDTH);
        clock.advance(Duration.ofMinutes(5));
        verifier.answer(new SettlementResult(List.of(vote("a", false)), SettlementState.REJECTED, 1000));
        assertThat(outbox.drain().rejected()).isEqualTo(1);
        assertThat(storage.balance(client)).map(Bandwidth::availableBytes).hasValue(TestVerifier.BANDWIDTH - 1000);
    }

    @Test
    void anUndecidedSpendIsRetriedWithADoublingBackOffAndKeepsItsVotes() throws Exception {
        start();
        registerWithReport();
        SettlementResult pending = new SettlementResult(List.of(vote("a", true)), SettlementState.PENDING, 0);
        verifier.answer(pending, new SettlementResult(List.of(), SettlementState.PENDING, 0));
        Instant start = clock.instant();

        assertThat(outbox.drain().retried()).isEqualTo(1);
        SettlementEntry first = onlyEntry();
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.nextAttemptAt()).isEqualTo(start.plus(RETRY_MIN));
        clock.advance(RETRY_MIN.minusSeconds(1));
        assertThat(outbox.drain().claimed()).as("not before its back-off").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(outbox.drain().retried()).isEqualTo(1);
        assertThat(verifier.asked.get(1).votes()).as("the votes so far are handed over")
                .extracting(SettlementVote::signer).containsExactly("a");
        SettlementEntry second = onlyEntry();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.nextAttemptAt()).isEqualTo(clock.instant().plus(RETRY_MIN.multipliedBy(2)));

        clock.advance(RETRY_MIN.multipliedBy(2));
        assertThat(outbox.drain().confirmed()).isEqualTo(1);
        assertThat(onlyEntry().votes()).extracting(SettlementVote::signer).as("a signer votes once").containsExactly("a");
        assertThat(counter("lp_settlements", "scheme", SCHEME, "outcome", "retry")).isEqualTo(2);
    }

    @Test
    void theBackOffDoublesFromItsMinimumUpToItsMaximum() {
        SettlementOutbox.Settings settings = SettlementOutbox.Settings.of(RETRY_MIN, RETRY_MAX);
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 100, Integer.MAX_VALUE).stream().map(settings::backoff).toList())
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                        Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofSeconds(160), RETRY_MAX, RETRY_MAX,
                        RETRY_MAX);
    }

    @Test
    void aVerifierThatThrowsIsRetriedLaterAndTheDrainerLivesOn() throws Exception {
        start(Map.of(SCHEME, verifier), new SettlementOutbox.Settings(Duration.ofMillis(20), Duration.ofMinutes(5), 16,
                Duration.ofMillis(50), Duration.ofMillis(50)));
        verifier.answer(new IllegalStateException("signers unreachable"), new RuntimeException("again"),
                new java.io.IOException("and again"));
        outbox.start();

        registerWithReport();

        // the clock the drainer reads is the test's: move it past each back-off until the spend is decided
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            clock.advance(Duration.ofMillis(60));
            assertThat(onlyEntry().state()).isEqualTo(SettlementState.CONFIRMED);
        });
        assertThat(verifier.asked).hasSize(4);
        assertThat(counter("lp_settlements", "scheme", SCHEME, "outcome", "error")).isEqualTo(3);
        assertThat(counter("lp_settlements", "scheme", SCHEME, "outcome", "confirmed")).isEqualTo(1);
    }

    @Test
    void aSchemeWithoutAVerifierStaysPendingWithABackOff() throws Exception {
        start(Map.of(), SettlementOutbox.Settings.of(RETRY_MIN, RETRY_MAX));
        registerWithReport();

        assertThat(outbox.drain().failed()).isEqualTo(1);

        SettlementEntry entry = onlyEntry();
        assertThat(entry.state()).isEqualTo(SettlementState.PENDING);
        assertThat(entry.nextAttemptAt()).isEqualTo(clock.instant().plus(RETRY_MIN));
        assertThat(verifier.asked).isEmpty();
    }

    @Test
    void aRoundWhoseClaimFailsClaimsNothingAndTheNextRoundTakesTheRow() throws Exception {
        start();
        registerWithReport();
        storage.inject(FaultyStorage.Fault.FAIL_COMMIT);

        assertThat(outbox.drain().claimed()).isZero();

        storage.inject(FaultyStorage.Fault.NONE);
        assertThat(outbox.drain().confirmed()).as("the failed claim left the row due").isEqualTo(1);
    }

    @Test
    void aRegistrationWakesTheDrainerBeforeItsPollInterval() throws Exception {
        start(Map.of(SCHEME, verifier), new SettlementOutbox.Settings(Duration.ofHours(1), Duration.ofMinutes(5), 16,
                RETRY_MIN, RETRY_MAX));
        outbox.start();
        // the first round runs at start; the registration comes after it, into an hour-long wait
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("lpreg-settlements")
                        && thread.getState() == Thread.State.TIMED_WAITING));

        registerWithReport();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(onlyEntry().state()).isEqualTo(SettlementState.CONFIRMED));
    }

    @Test
    void closingStopsTheDrainerThread() throws Exception {
        start();
        outbox.start();

        outbox.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("lpreg-settlements")));
    }
}
