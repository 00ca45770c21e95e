package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.ClientId;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.StorageException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The settlement outbox ({@code settlements}) and its signers' votes ({@code settlement_votes}), on one
 * connection's cached statements: the writer's inside a transaction, or the reader's for {@link #newest}.
 */
final class SettlementTable {
    private static final String COLUMNS = """
            id, scheme, nullifier, client_id, credited_bytes, report, created_at, expires_at, state, attempts, next_attempt_at""";
    private static final Comparator<Row> OLDEST_FIRST = Comparator.comparingLong(Row::createdAt).thenComparingLong(Row::id);

    private final Statements statements;

    SettlementTable(Statements statements) {
        this.statements = requireNonNull(statements, "statements is null");
    }

    /** A row read before its votes. */
    private record Row(long id, Settlement settlement, SettlementState state, int attempts, long nextAttemptAt) {
        long createdAt() {
            return Millis.of(settlement.createdAt());
        }
    }

    void insert(Settlement settlement) throws SQLException {
        long createdAt = Millis.of(settlement.createdAt());
        statements.update("""
                        INSERT INTO settlements (scheme, nullifier, client_id, credited_bytes, report, created_at, expires_at,
                                                 state, attempts, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)""",
                settlement.scheme(), settlement.nullifier(), settlement.client().value(), settlement.creditedBytes(),
                settlement.report(), createdAt, Millis.of(settlement.expiresAt()), createdAt);
    }

    /** The due pending rows, oldest first, now due again only at {@code leaseUntil}. */
    List<SettlementEntry> claim(long now, long leaseUntil, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        // RETURNING yields rows in no promised order: sorted here.
        statements.each("UPDATE settlements SET next_attempt_at = ?1 WHERE id IN (SELECT id FROM settlements"
                        + " WHERE state = 'pending' AND next_attempt_at <= ?2 ORDER BY created_at, id LIMIT ?3)"
                        + " RETURNING " + COLUMNS,
                row -> rows.add(row(row)), leaseUntil, now, limit);
        rows.sort(OLDEST_FIRST);
        return withVotes(rows);
    }

    /** The votes of signers that had not voted yet, in arrival order. */
    void recordVotes(long id, List<SettlementVote> votes) throws SQLException, StorageException {
        requireRow(id);
        for (SettlementVote vote : votes) {
            statements.update("""
                            INSERT INTO settlement_votes (settlement_id, signer, accepted, detail, voted_at)
                            VALUES (?, ?, ?, ?, ?) ON CONFLICT (settlement_id, signer) DO NOTHING""",
                    id, vote.signer(), vote.accepted() ? 1 : 0, vote.detail(), Millis.of(vote.at()));
        }
    }

    void retry(long id, long nextAttemptAt) throws SQLException, StorageException {
        changed(id, statements.update("UPDATE settlements SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
                nextAttemptAt, id));
    }

    void decide(long id, SettlementState state) throws SQLException, StorageException {
        changed(id, statements.update("UPDATE settlements SET state = ?, report = X'' WHERE id = ?", state.label(), id));
    }

    /** Newest first. */
    List<SettlementEntry> newest(int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        statements.each("SELECT " + COLUMNS + " FROM settlements ORDER BY created_at DESC, id DESC LIMIT ?",
                row -> rows.add(row(row)), limit);
        return withVotes(rows);
    }

    /** Deletes the rows that expired before {@code cutoff}, their votes with them; how many. */
    int purge(long cutoff) throws SQLException {
        return statements.update("DELETE FROM settlements WHERE expires_at < ?", cutoff);
    }

    private void requireRow(long id) throws SQLException, StorageException {
        if (statements.first("SELECT 1 FROM settlements WHERE id = ?", row -> row.getInt(1), id).isEmpty()) {
            throw missing(id);
        }
    }

    private static void changed(long id, int rows) throws StorageException {
        if (rows == 0) {
            throw missing(id);
        }
    }

    private static StorageException missing(long id) {
        return new StorageException("no settlement " + id + " in the outbox (purged, or never there)");
    }

    private List<SettlementEntry> withVotes(List<Row> rows) throws SQLException {
        List<SettlementEntry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            List<SettlementVote> votes = new ArrayList<>();
            statements.each("SELECT signer, accepted, detail, voted_at FROM settlement_votes WHERE settlement_id = ? ORDER BY id",
                    vote -> votes.add(new SettlementVote(vote.getString("signer"), vote.getInt("accepted") == 1,
                            vote.getString("detail"), Millis.instant(vote.getLong("voted_at")))),
                    row.id());
            entries.add(new SettlementEntry(row.id(), row.settlement(), row.state(), row.attempts(),
                    Millis.instant(row.nextAttemptAt()), votes));
        }
        return entries;
    }

    private static Row row(ResultSet row) throws SQLException {
        Settlement settlement = new Settlement(row.getString("scheme"), row.getBytes("nullifier"),
                new ClientId(row.getLong("client_id")), row.getLong("credited_bytes"), row.getBytes("report"),
                Millis.instant(row.getLong("created_at")), Millis.instant(row.getLong("expires_at")));
        return new Row(row.getLong("id"), settlement, state(row.getString("state")), row.getInt("attempts"),
                row.getLong("next_attempt_at"));
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
