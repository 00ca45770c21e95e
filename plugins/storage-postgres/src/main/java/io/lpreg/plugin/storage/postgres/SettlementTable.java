package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.ClientId;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The settlement outbox ({@code settlements}) and its signers' votes ({@code settlement_votes}) on one handle:
 * a transaction's, or a read's for {@link #newest}. Callers wrap its {@code JdbiException}s.
 */
final class SettlementTable {
    private static final String COLUMNS = """
            s.id, s.scheme, s.nullifier, s.client_id, s.credited_bytes, s.report, s.created_at, s.expires_at, s.state,
            s.attempts, s.next_attempt_at""";
    private static final Comparator<Row> OLDEST_FIRST = Comparator.comparingLong(Row::createdAt).thenComparingLong(Row::id);

    private final Handle handle;

    SettlementTable(Handle handle) {
        this.handle = requireNonNull(handle, "handle is null");
    }

    /** A row read before its votes. */
    private record Row(long id, Settlement settlement, SettlementState state, int attempts, long nextAttemptAt) {
        long createdAt() {
            return Millis.of(settlement.createdAt());
        }
    }

    void insert(Settlement settlement, String node) {
        long createdAt = Millis.of(settlement.createdAt());
        handle.createUpdate("""
                        INSERT INTO settlements (scheme, nullifier, client_id, node, credited_bytes, report, created_at,
                                                 expires_at, state, attempts, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)""")
                .bind(0, settlement.scheme())
                .bind(1, settlement.nullifier())
                .bind(2, settlement.client().value())
                .bind(3, node)
                .bind(4, settlement.creditedBytes())
                .bind(5, settlement.report())
                .bind(6, createdAt)
                .bind(7, Millis.of(settlement.expiresAt()))
                .bind(8, createdAt)
                .execute();
    }

    /**
     * The due pending rows, oldest first, now due again only at {@code leaseUntil}. Rows another open
     * transaction has claimed are locked by it and skipped, not waited for; a row whose claim committed since
     * this statement began is re-checked on its newest version and no longer due.
     */
    List<SettlementEntry> claim(long now, long leaseUntil, int limit) {
        List<Row> rows = new ArrayList<>(handle.createQuery("""
                        UPDATE settlements s SET next_attempt_at = :lease
                        FROM (SELECT id FROM settlements
                              WHERE state = 'pending' AND next_attempt_at <= :now
                              ORDER BY created_at, id LIMIT :limit FOR UPDATE SKIP LOCKED) due
                        WHERE s.id = due.id
                        RETURNING
                        """ + COLUMNS)
                .bind("lease", leaseUntil)
                .bind("now", now)
                .bind("limit", limit)
                .map(SettlementTable::row)
                .list());
        // RETURNING yields rows in no promised order
        rows.sort(OLDEST_FIRST);
        return withVotes(rows);
    }

    boolean exists(long id) {
        return handle.createQuery("SELECT 1 FROM settlements WHERE id = ?").bind(0, id).mapTo(Integer.class).findOne()
                .isPresent();
    }

    /** The votes of signers that had not voted yet, in arrival order. */
    void recordVotes(long id, List<SettlementVote> votes) {
        for (SettlementVote vote : votes) {
            handle.createUpdate("""
                            INSERT INTO settlement_votes (settlement_id, signer, accepted, detail, voted_at)
                            VALUES (?, ?, ?, ?, ?) ON CONFLICT (settlement_id, signer) DO NOTHING""")
                    .bind(0, id)
                    .bind(1, vote.signer())
                    .bind(2, vote.accepted())
                    .bind(3, vote.detail())
                    .bind(4, Millis.of(vote.at()))
                    .execute();
        }
    }

    /** How many rows changed: 0 if there is no such settlement. */
    int retry(long id, long nextAttemptAt) {
        return handle.createUpdate("UPDATE settlements SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?")
                .bind(0, nextAttemptAt)
                .bind(1, id)
                .execute();
    }

    /** How many rows changed: 0 if there is no such settlement. */
    int decide(long id, SettlementState state) {
        return handle.createUpdate("UPDATE settlements SET state = ?, report = ? WHERE id = ?")
                .bind(0, state.label())
                .bind(1, new byte[0])
                .bind(2, id)
                .execute();
    }

    /** Newest first. */
    List<SettlementEntry> newest(int limit) {
        return withVotes(handle.createQuery("SELECT " + COLUMNS + " FROM settlements s ORDER BY s.created_at DESC, s.id DESC LIMIT ?")
                .bind(0, limit)
                .map(SettlementTable::row)
                .list());
    }

    /** Deletes the rows that expired before {@code cutoff}, their votes with them; how many. */
    int purge(long cutoff) {
        return handle.createUpdate("DELETE FROM settlements WHERE expires_at < ?").bind(0, cutoff).execute();
    }

    private List<SettlementEntry> withVotes(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        record Vote(long settlement, SettlementVote vote) {
        }
        Map<Long, List<SettlementVote>> votes = new HashMap<>();
        handle.createQuery("""
                        SELECT settlement_id, signer, accepted, detail, voted_at FROM settlement_votes
                        WHERE settlement_id = ANY(:ids) ORDER BY id""")
                .bindArray("ids", Long.class, rows.stream().map(Row::id).toList())
                .map((rs, ctx) -> new Vote(rs.getLong("settlement_id"), new SettlementVote(rs.getString("signer"),
                        rs.getBoolean("accepted"), rs.getString("detail"), Millis.instant(rs.getLong("voted_at")))))
                .forEach(vote -> votes.computeIfAbsent(vote.settlement(), id -> new ArrayList<>()).add(vote.vote()));
        List<SettlementEntry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            entries.add(new SettlementEntry(row.id(), row.settlement(), row.state(), row.attempts(),
                    Millis.instant(row.nextAttemptAt()), votes.getOrDefault(row.id(), List.of())));
        }
        return entries;
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        Settlement settlement = new Settlement(rs.getString("scheme"), rs.getBytes("nullifier"),
                new ClientId(rs.getLong("client_id")), rs.getLong("credited_bytes"), rs.getBytes("report"),
                Millis.instant(rs.getLong("created_at")), Millis.instant(rs.getLong("expires_at")));
        return new Row(rs.getLong("id"), settlement, state(rs.getString("state")), rs.getInt("attempts"),
                rs.getLong("next_attempt_at"));
    }

    private static SettlementState state(String label) throws SQLException {
        for (SettlementState state : SettlementState.values()) {
            if (state.label().equals(label)) {
                return state;
            }
        }
        throw new SQLException("unknown settlement state '" + label + "'");
    }
}
