package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.IpPair;
import io.lpreg.spi.StorageException;

import java.sql.SQLException;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The {@code ip_pool} rows (one per slot ever handed out, {@code released_at} NULL while allocated) and the
 * never-used mark in {@code ip_pool_state}, inside the open write transaction.
 */
final class PoolTable implements SlotTable {
    private final Statements statements;
    private final IpPool pool;

    PoolTable(Statements statements, IpPool pool) {
        this.statements = requireNonNull(statements, "statements is null");
        this.pool = requireNonNull(pool, "pool is null");
    }

    @Override
    public SlotState state(long slot) throws StorageException {
        try {
            return statements.first("SELECT released_at FROM ip_pool WHERE slot = ?", PoolTable::releasedAt, slot)
                    .orElse(new NeverUsed());
        } catch (SQLException e) {
            throw SqliteTransaction.failure("read an address pair", e);
        }
    }

    /** The state of a slot that has a row. */
    static SlotState releasedAt(java.sql.ResultSet row) throws SQLException {
        long at = row.getLong("released_at");
        return row.wasNull() ? new Allocated() : new Released(at);
    }

    @Override
    public void insert(long slot) throws StorageException {
        IpPair pair = pool.pair(slot);
        update("allocate an address pair", "INSERT INTO ip_pool (slot, ipv4, ipv6, released_at) VALUES (?, ?, ?, NULL)",
                slot, IpPair.text(pair.ipv4()), IpPair.text(pair.ipv6()));
    }

    @Override
    public void reuse(long slot) throws StorageException {
        update("allocate an address pair", "UPDATE ip_pool SET released_at = NULL WHERE slot = ?", slot);
    }

    @Override
    public long nextNeverUsed() throws StorageException {
        try {
            return statements.one("SELECT next_slot FROM ip_pool_state WHERE id = 1", row -> row.getLong(1));
        } catch (SQLException e) {
            throw SqliteTransaction.failure("allocate an address pair", e);
        }
    }

    @Override
    public void nextNeverUsed(long slot) throws StorageException {
        update("allocate an address pair", "UPDATE ip_pool_state SET next_slot = ? WHERE id = 1", slot);
    }

    @Override
    public OptionalLong longestReleased(long releasedUntil) throws StorageException {
        try {
            return statements.first("""
                            SELECT slot FROM ip_pool WHERE released_at IS NOT NULL AND released_at <= ?
                            ORDER BY released_at, slot LIMIT 1""", row -> row.getLong(1), releasedUntil)
                    .map(OptionalLong::of).orElse(OptionalLong.empty());
        } catch (SQLException e) {
            throw SqliteTransaction.failure("allocate an address pair", e);
        }
    }

    /** A peer gave its pair back at {@code at}: quarantined from then on. */
    void release(long slot, long at) throws SQLException {
        statements.update("UPDATE ip_pool SET released_at = ? WHERE slot = ?", at, slot);
    }

    /** A pair allocated but never bound goes back at the epoch, hence past any quarantine. */
    void returnUnbound(long slot) throws StorageException {
        update("return an unbound address pair", """
                UPDATE ip_pool SET released_at = 0
                WHERE slot = ?1 AND released_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM peers WHERE slot = ?1)""", slot);
    }

    /** When the earliest pair still in quarantine was released (quarantine started after {@code releasedAfter}). */
    OptionalLong earliestQuarantined(long releasedAfter) throws StorageException {
        try {
            return statements.one("SELECT min(released_at) FROM ip_pool WHERE released_at IS NOT NULL AND released_at > ?",
                    row -> {
                        long at = row.getLong(1);
                        return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(at);
                    }, releasedAfter);
        } catch (SQLException e) {
            throw SqliteTransaction.failure("find the next release", e);
        }
    }

    private void update(String what, String sql, Object... values) throws StorageException {
        try {
            statements.update(sql, values);
        } catch (SQLException e) {
            throw SqliteTransaction.failure(what, e);
        }
    }
}
