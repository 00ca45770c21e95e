package io.lpreg.plugin.ecash.zknym;

import io.lpreg.plugin.ecash.zknym.NymApiClient.Vote;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementResult;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.zknym.MalformedZkNymException;
import io.lpreg.zknym.ZkNymSpend;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The nym-api quorum (common/credential-verification/src/ecash/credential_sender.rs): an accepted ticket is
 * posted to every signer's verify-ecash-ticket until enough have voted. Shares are out of all configured
 * signers; a rejected share of at least {@code 1 − quorum} rejects the ticket (checked first, as Nym does) and
 * costs the client {@code penalty ×} what the ticket bought; an accepted share of at least {@code quorum}
 * confirms it; anything else waits for the signers still missing.
 */
final class SignerQuorum {
    /**
     * nym-api answers a ticket it has already stored, same serial and same pay_info, with ReplayedTicket
     * (nym-api/src/ecash/api_routes/spending.rs), and it stores only tickets that verified. The outbox reports
     * at least once: a signer that took our report but whose answer was lost says ReplayedTicket the next time.
     * Counting that as a rejection, as Nym's sender does, would fine an honest client for our own timeout.
     */
    static final String REPLAYED_TICKET = "ReplayedTicket";

    private final List<URI> signers;
    private final BigDecimal quorum;
    private final BigDecimal penalty;
    private final String gatewayAddress;
    private final Duration timeout;
    private final NymApiClient client;
    private final Clock clock;

    SignerQuorum(List<URI> signers, BigDecimal quorum, BigDecimal penalty, String gatewayAddress, Duration timeout,
                 NymApiClient client, Clock clock) {
        this.signers = List.copyOf(signers);
        this.quorum = requireNonNull(quorum, "quorum is null");
        this.penalty = requireNonNull(penalty, "penalty is null");
        this.gatewayAddress = requireNonNull(gatewayAddress, "gatewayAddress is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = requireNonNull(client, "client is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (this.signers.isEmpty()) {
            throw new IllegalArgumentException("no signers");
        }
    }

    SettlementResult settle(SettlementEntry entry) {
        requireNonNull(entry, "entry is null");
        Map<String, SettlementVote> votes = new LinkedHashMap<>();
        Set<String> configured = signers.stream().map(URI::toString).collect(Collectors.toSet());
        for (SettlementVote vote : entry.votes()) {
            // a signer since removed from the configuration no longer counts
            if (configured.contains(vote.signer())) {
                votes.putIfAbsent(vote.signer(), vote);
            }
        }
        List<URI> missing = signers.stream().filter(signer -> !votes.containsKey(signer.toString())).toList();
        List<SettlementVote> newVotes = missing.isEmpty() ? List.of() : ask(missing, entry);
        newVotes.forEach(vote -> votes.put(vote.signer(), vote));
        SettlementState state = decide(votes.values());
        long penaltyBytes = state == SettlementState.REJECTED ? penaltyBytes(entry.settlement().creditedBytes()) : 0;
        return new SettlementResult(newVotes, state, penaltyBytes);
    }

    private List<SettlementVote> ask(List<URI> missing, SettlementEntry entry) {
        byte[] body = body(entry.settlement().report());
        List<CompletableFuture<Optional<Vote>>> answers = new ArrayList<>();
        for (URI signer : missing) {
            answers.add(client.verifyTicket(signer, body, timeout));
        }
        List<SettlementVote> votes = new ArrayList<>();
        for (int i = 0; i < missing.size(); i++) {
            Optional<Vote> vote = answers.get(i).join();
            if (vote.isPresent()) {
                boolean accepted = vote.get().accepted() || REPLAYED_TICKET.equals(vote.get().detail());
                votes.add(new SettlementVote(missing.get(i).toString(), accepted, vote.get().detail(), clock.instant()));
            }
        }
        return votes;
    }

    private byte[] body(byte[] report) {
        ZkNymSpend spend;
        try {
            spend = ZkNymSpend.fromBytes(report);
        } catch (MalformedZkNymException e) {
            // written by verify() from a spend it had just parsed: only a damaged outbox row gets here
            throw new IllegalStateException("the settlement report is not a zk-nym: " + e.getMessage(), e);
        }
        return spend.toVerifyTicketBody(gatewayAddress).toString().getBytes(StandardCharsets.UTF_8);
    }

    SettlementState decide(Iterable<SettlementVote> votes) {
        int accepted = 0;
        int rejected = 0;
        for (SettlementVote vote : votes) {
            if (vote.accepted()) {
                accepted++;
            } else {
                rejected++;
            }
        }
        BigDecimal total = BigDecimal.valueOf(signers.size());
        // rejected / total ≥ 1 − quorum, kept exact; at least one rejection, so quorum = 1 rejects nothing unheard
        if (rejected > 0 && BigDecimal.valueOf(rejected).compareTo(BigDecimal.ONE.subtract(quorum).multiply(total)) >= 0) {
            return SettlementState.REJECTED;
        }
        if (BigDecimal.valueOf(accepted).compareTo(quorum.multiply(total)) >= 0) {
            return SettlementState.CONFIRMED;
        }
        return SettlementState.PENDING;
    }

    long penaltyBytes(long creditedBytes) {
        return penalty.multiply(BigDecimal.valueOf(creditedBytes)).setScale(0, RoundingMode.HALF_UP)
                .min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact();
    }
}
