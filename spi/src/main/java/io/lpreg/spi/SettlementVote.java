package io.lpreg.spi;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One signer's answer about a reported spend.
 *
 * @param signer the signer's stable name (for a zk-nym, its API address)
 * @param accepted whether it accepted the spend
 * @param detail its reason, as it said it (empty when it accepted)
 * @param at when the answer arrived
 */
public record SettlementVote(String signer, boolean accepted, String detail, Instant at) {
    public SettlementVote {
        requireNonNull(signer, "signer is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(at, "at is null");
        if (signer.isEmpty()) {
            throw new IllegalArgumentException("signer is empty");
        }
    }
}
