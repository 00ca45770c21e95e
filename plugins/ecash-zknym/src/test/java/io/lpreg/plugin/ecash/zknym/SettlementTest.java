package io.lpreg.plugin.ecash.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.plugin.ecash.zknym.NymApiStandIn.Answer;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementResult;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationResult;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.zknym.ZkNymSpend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.GATEWAY;
import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.NOW;
import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.TODAY;
import static io.lpreg.plugin.ecash.zknym.ZkNymVerifierTest.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** settle(): accepted spends reported to nym-api signers over real HTTP and their votes counted as Nym does. */
class SettlementTest {
    static final String ADDRESS = "n1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";
    static final long EPOCH = 2;
    static final TicketType TYPE = TicketType.WIREGUARD_ENTRY;

    @TempDir
    static Path dir;
    static TestZkNyms issuer;
    static Path keysFile;
    final List<NymApiStandIn> signers = new ArrayList<>();

    @BeforeAll
    static void issuer() throws Exception {
        issuer = TestZkNyms.issue(EPOCH, TODAY, TYPE);
        keysFile = TestZkNyms.keysFile(dir, Map.of(EPOCH, issuer.key()));
    }

    @AfterEach
    void stopSigners() {
        signers.forEach(NymApiStandIn::close);
    }

    List<NymApiStandIn> signers(int count) {
        for (int i = 0; i < count; i++) {
            signers.add(NymApiStandIn.started());
        }
        return signers;
    }

    ZkNymVerifier verifier(Map<String, String> settings) {
        return new ZkNymVerifier(MapPluginConfig.of(Map.of("verification_keys", keysFile.toString(), "gateway_address", ADDRESS))
                .with("signers", signers.stream().map(s -> s.baseUrl().toString()).toList())
                .with("signer_timeout", settings.getOrDefault("signer_timeout", "2s"))
                .with("penalty", settings.getOrDefault("penalty", "10")),
                new CountingMetrics(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** What the engine's outbox holds for an accepted spend, with the votes recorded so far. */
    static SettlementEntry entry(VerificationResult.Accepted accepted, int attempts, List<SettlementVote> votes) {
        Settlement settlement = new Settlement(ZkNymVerifier.SCHEME, accepted.nullifier(), new ClientId(7),
                accepted.bandwidthBytes(), accepted.report(), NOW, accepted.refusedAfter());
        return new SettlementEntry(1, settlement, SettlementState.PENDING, attempts, NOW, votes);
    }

    VerificationResult.Accepted accepted(ZkNymVerifier verifier, ZkNymSpend spend) {
        return (VerificationResult.Accepted) verify(verifier, spend, TYPE, NOW);
    }

    @Test
    void everySignerAcceptingConfirmsAndEachGotTheTicketAsNymApiJsonWithTheGatewaysAddress() throws Exception {
        signers(3);
        ZkNymVerifier verifier = verifier(Map.of());
        ZkNymSpend spend = issuer.spend(TYPE, GATEWAY, NOW);

        SettlementResult result = verifier.settle(entry(accepted(verifier, spend), 0, List.of()));

        assertThat(result.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(result.penaltyBytes()).isZero();
        assertThat(result.newVotes()).extracting(SettlementVote::signer)
                .containsExactlyElementsOf(signers.stream().map(s -> s.baseUrl().toString()).toList());
        assertThat(result.newVotes()).allSatisfy(vote -> {
            assertThat(vote.accepted()).isTrue();
            assertThat(vote.detail()).isEmpty();
            assertThat(vote.at()).isEqualTo(NOW);
        });
        for (NymApiStandIn signer : signers) {
            JsonNode body = signer.tickets().getFirst();
            assertThat(body.get("gateway_cosmos_addr").asText()).isEqualTo(ADDRESS);
            assertThat(body.get("credential")).isEqualTo(new ObjectMapper().readTree(spend.toNymApiJson().toString()));
            assertThat(body.get("credential").get("spend_date").toString()).isEqualTo("[2026,69]");
        }
    }

    @Test
    void oneRejectionOfThreeRejectsAndFinesTheClientTenTimesTheTicket() {
        signers(3).get(1).vote(Answer.reject("DoubleSpend"));
        ZkNymVerifier verifier = verifier(Map.of());

        SettlementResult result = verifier.settle(entry(accepted(verifier, issuer.spend(TYPE, GATEWAY, NOW)), 0, List.of()));

        // 1/3 ≥ 1 − 0.7 (Nym's rule in credential_sender.rs)
        assertThat(result.state()).isEqualTo(SettlementState.REJECTED);
        assertThat(result.penaltyBytes()).isEqualTo(10 * 500_000_000L);
        assertThat(result.newVotes()).filteredOn(vote -> !vote.accepted()).singleElement()
                .satisfies(vote -> assertThat(vote.detail()).isEqualTo("DoubleSpend"));
    }

    @Test
    void thePenaltyIsTheConfiguredMultipleRounded() {
        signers(1).getFirst().vote(new Answer(200, "{\"verified\":{\"Err\":{\"InvalidSpentDate\":{\"today\":\"2026-03-10\","
                + "\"yesterday\":\"2026-03-09\",\"received\":\"2026-03-01\"}}}}"));
        ZkNymVerifier verifier = verifier(Map.of("penalty", "1.5"));

        SettlementResult result = verifier.settle(entry(accepted(verifier, issuer.spend(TYPE, GATEWAY, NOW)), 0, List.of()));

        assertThat(result.state()).isEqualTo(SettlementState.REJECTED);
        assertThat(result.penaltyBytes()).isEqualTo(750_000_000L);
        assertThat(result.newVotes().getFirst().detail()).startsWith("{\"InvalidSpentDate\":");
    }

    @Test
    void aSignerDownLeavesItPendingAndTheNextAttemptAsksOnlyThatSigner() {
        List<NymApiStandIn> all = signers(3);
        all.get(2).stop();
        ZkNymVerifier verifier = verifier(Map.of());
        VerificationResult.Accepted accepted = accepted(verifier, issuer.spend(TYPE, GATEWAY, NOW));

        SettlementResult first = verifier.settle(entry(accepted, 0, List.of()));
        all.get(2).start();
        SettlementResult second = verifier.settle(entry(accepted, 1, first.newVotes()));

        // 2 of 3 is below the 0.7 quorum
        assertThat(first.state()).isEqualTo(SettlementState.PENDING);
        assertThat(first.newVotes()).hasSize(2);
        assertThat(second.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(second.newVotes()).extracting(SettlementVote::signer).containsExactly(all.get(2).baseUrl().toString());
        assertThat(all).extracting(signer -> signer.tickets().size()).containsExactly(1, 1, 1);
    }

    @Test
    void anErrorAnswerOrOneThatIsNotAVerdictIsNoVote() {
        List<NymApiStandIn> all = signers(3);
        all.get(0).vote(Answer.status(500));
        all.get(1).vote(new Answer(200, "{\"verified\":true}"));
        ZkNymVerifier verifier = verifier(Map.of());

        SettlementResult result = verifier.settle(entry(accepted(verifier, issuer.spend(TYPE, GATEWAY, NOW)), 0, List.of()));

        assertThat(result.state()).isEqualTo(SettlementState.PENDING);
        assertThat(result.newVotes()).extracting(SettlementVote::signer).containsExactly(all.get(2).baseUrl().toString());
    }

    @Test
    void aSignerThatDoesNotAnswerWithinTheTimeoutGivesNoVoteAndHoldsNothingUp() {
        List<NymApiStandIn> all = signers(2);
        all.get(0).holdAnswers();
        ZkNymVerifier verifier = verifier(Map.of("signer_timeout", "300ms"));
        VerificationResult.Accepted accepted = accepted(verifier, issuer.spend(TYPE, GATEWAY, NOW));

        long started = System.nanoTime();
        SettlementResult result = verifier.settle(entry(accepted, 0, List.of()));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300 + 500));
        assertThat(result.state()).isEqualTo(SettlementState.PENDING);
        assertThat(result.newVotes()).extracting(SettlementVote::signer).containsExactly(all.get(1).baseUrl().toString());
    }

    @Test
    void aReplayedTicketAnswerIsTheSignerHavingStoredOurEarlierReportSoItCountsAsAccepted() {
        signers(1).getFirst().vote(Answer.reject("ReplayedTicket"));
        ZkNymVerifier verifier = verifier(Map.of());

        SettlementResult result = verifier.settle(entry(accepted(verifier, issuer.spend(TYPE, GATEWAY, NOW)), 1, List.of()));

        assertThat(result.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(result.newVotes().getFirst().accepted()).isTrue();
        assertThat(result.newVotes().getFirst().detail()).isEqualTo("ReplayedTicket");
    }

    @Test
    void votesOfSignersNoLongerConfiguredAreNotCounted() {
        signers(1).getFirst().stop();
        ZkNymVerifier verifier = verifier(Map.of());
        VerificationResult.Accepted accepted = accepted(verifier, issuer.spend(TYPE, GATEWAY, NOW));
        SettlementVote stale = new SettlementVote("http://127.0.0.1:1", false, "InvalidTicket", NOW);

        SettlementResult result = verifier.settle(entry(accepted, 1, List.of(stale)));

        assertThat(result.state()).isEqualTo(SettlementState.PENDING);
        assertThat(result.penaltyBytes()).isZero();
    }

    @Test
    void sharesAreCountedExactlyNotInFloatingPoint() {
        List<URI> ten = IntStream.range(0, 10).mapToObj(i -> URI.create("http://127.0.0.1:" + (1000 + i))).toList();
        SignerQuorum quorum = new SignerQuorum(ten, new BigDecimal("0.7"), BigDecimal.TEN, ADDRESS, Duration.ofSeconds(1),
                new NymApiClient(Duration.ofSeconds(1)), Clock.fixed(NOW, ZoneOffset.UTC));

        // in doubles 3/10 < 1 − 0.7; Nym's f32 arithmetic and the exact one agree that 3 of 10 reject
        assertThat(quorum.decide(votes(ten, 7, 3))).isEqualTo(SettlementState.REJECTED);
        assertThat(quorum.decide(votes(ten, 7, 2))).isEqualTo(SettlementState.CONFIRMED);
        assertThat(quorum.decide(votes(ten, 6, 2))).isEqualTo(SettlementState.PENDING);
        assertThat(quorum.decide(votes(ten, 0, 0))).isEqualTo(SettlementState.PENDING);
    }

    @Test
    void aQuorumOfOneNeedsEverySignerAndRejectsOnlyOnARejection() {
        List<URI> two = List.of(URI.create("http://127.0.0.1:1001"), URI.create("http://127.0.0.1:1002"));
        SignerQuorum quorum = new SignerQuorum(two, BigDecimal.ONE, BigDecimal.TEN, ADDRESS, Duration.ofSeconds(1),
                new NymApiClient(Duration.ofSeconds(1)), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(quorum.decide(votes(two, 1, 0))).isEqualTo(SettlementState.PENDING);
        assertThat(quorum.decide(votes(two, 2, 0))).isEqualTo(SettlementState.CONFIRMED);
        assertThat(quorum.decide(votes(two, 1, 1))).isEqualTo(SettlementState.REJECTED);
    }

    @Test
    void withoutSignersThereIsNothingToSettle() {
        ZkNymVerifier verifier = new ZkNymVerifier(MapPluginConfig.of(Map.of("verification_keys", keysFile.toString())),
                new CountingMetrics(), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> verifier.settle(entry(new VerificationResult.Accepted(new byte[48], 1, NOW, NOW, new byte[1]),
                0, List.of()))).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("no signers");
    }

    private static List<SettlementVote> votes(List<URI> signers, int accepted, int rejected) {
        List<SettlementVote> votes = new ArrayList<>();
        for (int i = 0; i < accepted + rejected; i++) {
            votes.add(new SettlementVote(signers.get(i).toString(), i < accepted, i < accepted ? "" : "InvalidTicket", NOW));
        }
        return votes;
    }
}
