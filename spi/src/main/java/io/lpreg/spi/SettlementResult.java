package io.lpreg.spi;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What one settlement attempt learned.
 *
 * @param newVotes votes received in this attempt (signers that had voted before are not asked again)
 * @param state the decision with every vote so far counted; {@link SettlementState#PENDING} retries later
 * @param penaltyBytes for {@link SettlementState#REJECTED}: what to take off the client's balance
 */
public record SettlementResult(List<SettlementVote> newVotes, SettlementState state, long penaltyBytes) {
    public SettlementResult {
        newVotes = List.copyOf(requireNonNull(newVotes, "newVotes is null"));
        requireNonNull(state, "state is null");
        if (penaltyBytes < 0) {
            throw new IllegalArgumentException("penaltyBytes is negative");
        }
        if (penaltyBytes > 0 && state != SettlementState.REJECTED) {
            throw new IllegalArgumentException("only a rejected settlement carries a penalty");
        }
    }
}
