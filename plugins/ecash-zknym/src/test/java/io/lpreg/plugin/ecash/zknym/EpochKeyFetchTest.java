package io.lpreg.plugin.ecash.zknym;

import io.lpreg.plugin.ecash.zknym.NymApiStandIn.Answer;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationResult;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.zknym.ZkNymSpend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.GATEWAY;
import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.NOW;
import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.TODAY;
import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.assertRejected;
import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Epoch keys asked of nym-apis over real HTTP (a stand-in on 127.0.0.1): cached, shared, bounded, remembered when they fail. */
class EpochKeyFetchTest {
    static final long EPOCH = 9;
    static final TicketType TYPE = TicketType.WIREGUARD_ENTRY;

    @TempDir
    static Path dir;
    static TestZkNyms issuer;
    final List<NymApiStandIn> apis = new ArrayList<>();

    @BeforeAll
    static void issuer() {
        issuer = TestZkNyms.issue(EPOCH, TODAY, TYPE);
    }

    @AfterEach
    void stopApis() {
        apis.forEach(NymApiStandIn::close);
    }

    NymApiStandIn api() {
        NymApiStandIn api = NymApiStandIn.started();
        apis.add(api);
        return api;
    }

    static ZkNymVerifier verifier(Map<String, String> settings, NymApiStandIn... apis) {
        List<String> urls = Arrays.stream(apis).map(api -> api.baseUrl().toString()).toList();
        return new ZkNymVerifier(MapPluginConfig.of(settings).with("nym_api", urls), new CountingMetrics(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static VerificationResult spendAt(ZkNymVerifier verifier, Instant now) {
        return verify(verifier, issuer.spend(TYPE, GATEWAY, now), TYPE, now);
    }

    @Test
    void aKeyInTheFileIsNeverAskedFor() throws Exception {
        NymApiStandIn api = api().serve(EPOCH, issuer.key());
        ZkNymVerifier verifier = verifier(Map.of("verification_keys",
                TestZkNyms.keysFile(dir, Map.of(EPOCH, issuer.key())).toString()), api);

        assertThat(spendAt(verifier, NOW)).isInstanceOf(VerificationResult.Accepted.class);
        assertThat(api.keyRequests()).isZero();
    }

    @Test
    void aKeyMissingFromTheFileIsFetchedOnceAndKept() {
        NymApiStandIn api = api().serve(EPOCH, issuer.key());
        ZkNymVerifier verifier = verifier(Map.of(), api);

        assertThat(spendAt(verifier, NOW)).isInstanceOf(VerificationResult.Accepted.class);
        assertThat(spendAt(verifier, NOW.plusSeconds(1))).isInstanceOf(VerificationResult.Accepted.class);
        assertThat(spendAt(verifier, NOW.plus(Duration.ofHours(1)))).isInstanceOf(VerificationResult.Accepted.class);
        assertThat(api.keyRequests(EPOCH)).isEqualTo(1);
    }

    @Test
    void theNextApiIsAskedWhenTheFirstIsDown() {
        NymApiStandIn down = api();
        NymApiStandIn up = api().serve(EPOCH, issuer.key());
        down.stop();

        assertThat(spendAt(verifier(Map.of(), down, up), NOW)).isInstanceOf(VerificationResult.Accepted.class);
        assertThat(up.keyRequests(EPOCH)).isEqualTo(1);
    }

    @Test
    void noApiAnsweringIsKeyUnavailableAndAnApiBackAfterTheRetryPeriodServesTheKey() {
        NymApiStandIn api = api().serve(EPOCH, issuer.key());
        ZkNymVerifier verifier = verifier(Map.of("key_retry_after", "20s"), api);
        api.stop();

        VerificationResult outage = spendAt(verifier, NOW);
        api.start();
        VerificationResult withinRetryPeriod = spendAt(verifier, NOW.plusSeconds(19));
        VerificationResult after = spendAt(verifier, NOW.plusSeconds(20));

        assertThat(outage).isInstanceOf(VerificationResult.Rejected.class);
        assertThat(((VerificationResult.Rejected) outage).reason()).isEqualTo(RejectionReason.KEY_UNAVAILABLE);
        assertThat(((VerificationResult.Rejected) outage).message()).startsWith("key_unavailable: no nym-api gave the key of epoch 9 within 3000 ms (" + api.baseUrl());
        assertThat(((VerificationResult.Rejected) withinRetryPeriod).reason()).as("remembered, not asked again")
                .isEqualTo(RejectionReason.KEY_UNAVAILABLE);
        assertThat(after).isInstanceOf(VerificationResult.Accepted.class);
        assertThat(api.keyRequests(EPOCH)).isEqualTo(1);
    }

    @Test
    void anEpochTheApiDoesNotKnowIsUnknownAndNotAskedAgainForAWhile() {
        NymApiStandIn api = api();
        ZkNymVerifier verifier = verifier(Map.of(), api);

        VerificationResult first = spendAt(verifier, NOW);
        VerificationResult again = spendAt(verifier, NOW.plusSeconds(29));
        VerificationResult later = spendAt(verifier, NOW.plusSeconds(30));

        assertRejected(first, RejectionReason.UNKNOWN_EPOCH, "unknown_epoch: epoch 9 is unknown to the nym-api (" + api.baseUrl()
                + ": 400 the threshold value for epoch 9 is not available)");
        assertThat(((VerificationResult.Rejected) again).reason()).isEqualTo(RejectionReason.UNKNOWN_EPOCH);
        assertThat(((VerificationResult.Rejected) later).reason()).isEqualTo(RejectionReason.UNKNOWN_EPOCH);
        assertThat(api.keyRequests(EPOCH)).as("asked at first and once the default 30 s had passed").isEqualTo(2);
    }

    @Test
    void aNotFoundAnswerIsAnUnknownEpochToo() {
        NymApiStandIn api = api().answerUnknownEpochsWith(Answer.status(404));

        VerificationResult result = spendAt(verifier(Map.of(), api), NOW);

        assertThat(((VerificationResult.Rejected) result).reason()).isEqualTo(RejectionReason.UNKNOWN_EPOCH);
    }

    @Test
    void anErrorThatSaysNothingAboutTheEpochIsKeyUnavailable() {
        NymApiStandIn api = api().answerUnknownEpochsWith(new Answer(400,
                "a new iteration of DKG is currently in progress. all ticket issuance is halted until that's completed"));

        VerificationResult result = spendAt(verifier(Map.of(), api), NOW);

        assertThat(((VerificationResult.Rejected) result).reason()).isEqualTo(RejectionReason.KEY_UNAVAILABLE);
        assertThat(((VerificationResult.Rejected) result).message()).contains("HTTP 400 a new iteration of DKG");
    }

    @Test
    void aKeyThatDoesNotDecodeIsNotUsedAndTheNextApiIsAsked() {
        String notInTheSubgroup = issuer.key().toMasterVerificationKeyJson().toString()
                .replace(issuer.key().alpha().hex(), "a" + "0".repeat(191));
        NymApiStandIn broken = api().serveRaw(EPOCH, notInTheSubgroup);
        NymApiStandIn garbage = api().serveRaw(EPOCH, "<html>maintenance</html>");
        NymApiStandIn good = api().serve(EPOCH, issuer.key());

        VerificationResult withoutGood = spendAt(verifier(Map.of(), broken, garbage), NOW);
        VerificationResult withGood = spendAt(verifier(Map.of(), broken, garbage, good), NOW);

        assertThat(((VerificationResult.Rejected) withoutGood).reason()).isEqualTo(RejectionReason.KEY_UNAVAILABLE);
        assertThat(((VerificationResult.Rejected) withoutGood).message()).contains("answered a key that does not decode");
        assertThat(withGood).isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void aSlowApiNeverHoldsVerifyLongerThanTheTimeout() {
        NymApiStandIn api = api().serve(EPOCH, issuer.key());
        CountDownLatch held = api.holdAnswers();
        ZkNymVerifier verifier = verifier(Map.of("key_fetch_timeout", "400ms"), api, api());

        long started = System.nanoTime();
        VerificationResult result = spendAt(verifier, NOW);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        held.countDown();

        assertThat(((VerificationResult.Rejected) result).reason()).isEqualTo(RejectionReason.KEY_UNAVAILABLE);
        // the spend proof's own work is a few ms; the fetch of both APIs together had 400 ms
        assertThat(took).isLessThan(Duration.ofMillis(400 + 250));
    }

    @Test
    void concurrentSpendsOfOneEpochShareOneFetch() throws Exception {
        NymApiStandIn api = api().serve(EPOCH, issuer.key());
        CountDownLatch held = api.holdAnswers();
        ZkNymVerifier verifier = verifier(Map.of(), api);
        List<ZkNymSpend> spends = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            spends.add(issuer.spend(TYPE, GATEWAY, NOW));
        }
        ExecutorService threads = Executors.newFixedThreadPool(spends.size());
        try {
            List<Future<VerificationResult>> results = new ArrayList<>();
            for (ZkNymSpend spend : spends) {
                results.add(threads.submit(() -> verify(verifier, spend, TYPE, NOW)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> api.keyRequests(EPOCH) == 1);
            held.countDown();

            for (Future<VerificationResult> result : results) {
                assertThat(result.get()).isInstanceOf(VerificationResult.Accepted.class);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(api.keyRequests(EPOCH)).isEqualTo(1);
    }

    @Test
    void aFloodOfMadeUpEpochsIsBoundedByTheRememberedFailures() {
        NymApiStandIn api = api();
        CountingMetrics metrics = new CountingMetrics();
        EpochKeys keys = new EpochKeys(Map.of(), List.of(api.baseUrl()), new NymApiClient(Duration.ofSeconds(3)),
                Duration.ofSeconds(3), Duration.ofSeconds(30), metrics, 3);

        List<EpochKeys.Lookup> answers = new ArrayList<>();
        for (long epoch = 100; epoch < 110; epoch++) {
            answers.add(keys.key(epoch, NOW));
        }
        EpochKeys.Lookup afterTheRetryPeriod = keys.key(200, NOW.plusSeconds(30));

        assertThat(answers.subList(0, 3)).allMatch(EpochKeys.Lookup.Unknown.class::isInstance);
        assertThat(answers.subList(3, 10)).allMatch(EpochKeys.Lookup.Unavailable.class::isInstance);
        assertThat(((EpochKeys.Lookup.Unavailable) answers.get(9)).detail())
                .isEqualTo("no key fetched for epoch 109: 3 other epochs failed within 30 s");
        assertThat(api.keyRequests()).isEqualTo(4);
        assertThat(afterTheRetryPeriod).isInstanceOf(EpochKeys.Lookup.Unknown.class);
        assertThat(metrics.count("zknym_key_fetches")).isEqualTo(4);
        assertThat(metrics.count("zknym_key_fetch_failures")).isEqualTo(4);
    }

    @Test
    void baseUrlsMayEndInASlash() {
        NymApiStandIn api = api().serve(EPOCH, issuer.key());
        ZkNymVerifier verifier = new ZkNymVerifier(MapPluginConfig.of(Map.of()).with("nym_api",
                List.of(URI.create(api.baseUrl() + "/").toString())), new CountingMetrics(), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(spendAt(verifier, NOW)).isInstanceOf(VerificationResult.Accepted.class);
    }
}
