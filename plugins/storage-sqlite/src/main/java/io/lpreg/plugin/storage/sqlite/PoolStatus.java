package io.lpreg.plugin.storage.sqlite;

import java.sql.SQLException;
import java.time.Instant;

/**
 * The pool at one instant: {@code free = size - allocated - quarantined}.
 *
 * @param size pairs in the pool
 * @param allocated pairs held by peers (or by a transaction in progress)
 * @param quarantined released pairs whose quarantine has not ended
 * @param free pairs an allocation may take
 */
public record PoolStatus(long size, long allocated, long quarantined, long free) {
    public PoolStatus {
        if (allocated < 0 || quarantined < 0 || free != size - allocated - quarantined || free < 0) {
            throw new IllegalArgumentException("inconsistent pool status: size " + size + ", allocated " + allocated
                    + ", quarantined " + quarantined + ", free " + free);
        }
    }

    /** Counts the pool's rows at {@code now}. */
    static PoolStatus count(Statements statements, SqliteSettings settings, Instant now) throws SQLException {
        record Counts(long allocated, long quarantined) {
        }
        Counts counts = statements.one("""
                        SELECT count(*) FILTER (WHERE released_at IS NULL),
                               count(*) FILTER (WHERE released_at IS NOT NULL AND released_at > ?)
                        FROM ip_pool""",
                row -> new Counts(row.getLong(1), row.getLong(2)), Millis.minus(now, settings.quarantine()));
        long size = settings.pool().size();
        return new PoolStatus(size, counts.allocated(), counts.quarantined(), size - counts.allocated() - counts.quarantined());
    }
}
