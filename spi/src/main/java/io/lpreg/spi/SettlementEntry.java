package io.lpreg.spi;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A row of the settlement outbox as storage holds it.
 *
 * @param id storage's identifier of the row
 * @param attempts how many times the engine has tried to settle it
 * @param nextAttemptAt not to be tried before this instant (a claim by another node, or a back-off)
 * @param votes every vote recorded so far, one per signer, in the order they arrived
 */
public record SettlementEntry(long id, Settlement settlement, SettlementState state, int attempts,
                              Instant nextAttemptAt, List<SettlementVote> votes) {
    public SettlementEntry {
        requireNonNull(settlement, "settlement is null");
        requireNonNull(state, "state is null");
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        votes = List.copyOf(requireNonNull(votes, "votes is null"));
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts is negative");
        }
    }
}
