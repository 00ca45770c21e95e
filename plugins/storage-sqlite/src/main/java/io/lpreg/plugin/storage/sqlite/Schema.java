package io.lpreg.plugin.storage.sqlite;

import java.util.List;

/**
 * The schema, as the ordered list of its migrations. A released migration is never edited: a change is a
 * new migration appended here, and {@code MigrationTest} upgrades a database file written by version 1.
 * Times are epoch milliseconds (see {@link Millis}).
 */
final class Schema {
    static final Migration V1 = new Migration(1, "clients, peers, ip pool, bandwidth, spent credentials", List.of(
            """
            CREATE TABLE clients (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                client_type TEXT    NOT NULL,
                mixnet_id   BLOB    UNIQUE CHECK (mixnet_id IS NULL OR length(mixnet_id) = 32),
                created_at  INTEGER NOT NULL
            )""",
            // A row per pair that was ever handed out: released_at NULL while allocated, else the time of its
            // release (quarantined until released_at + quarantine). Rows are never deleted, so every slot
            // below ip_pool_state.next_slot has a row.
            """
            CREATE TABLE ip_pool (
                slot        INTEGER PRIMARY KEY CHECK (slot >= 0),
                ipv4        TEXT    NOT NULL UNIQUE,
                ipv6        TEXT    NOT NULL UNIQUE,
                released_at INTEGER
            )""",
            "CREATE INDEX ip_pool_released_at ON ip_pool (released_at, slot) WHERE released_at IS NOT NULL",
            """
            CREATE TABLE ip_pool_state (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                ipv4_prefix TEXT    NOT NULL,
                ipv6_prefix TEXT    NOT NULL,
                next_slot   INTEGER NOT NULL CHECK (next_slot >= 0)
            )""",
            """
            CREATE TABLE peers (
                public_key    BLOB    PRIMARY KEY CHECK (length(public_key) = 32),
                client_id     INTEGER NOT NULL REFERENCES clients (id),
                slot          INTEGER NOT NULL UNIQUE REFERENCES ip_pool (slot),
                preshared_key BLOB    CHECK (preshared_key IS NULL OR length(preshared_key) = 32),
                created_at    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL
            )""",
            "CREATE INDEX peers_client ON peers (client_id)",
            // The pool's invariant held by the database itself: a peer's pair is allocated, and a pair bound to
            // a peer cannot be released.
            """
            CREATE TRIGGER peers_need_allocated_pair_on_insert BEFORE INSERT ON peers
            WHEN (SELECT released_at IS NOT NULL FROM ip_pool WHERE slot = NEW.slot)
            BEGIN SELECT RAISE(ABORT, 'address pair is not allocated'); END""",
            """
            CREATE TRIGGER peers_need_allocated_pair_on_update BEFORE UPDATE OF slot ON peers
            WHEN (SELECT released_at IS NOT NULL FROM ip_pool WHERE slot = NEW.slot)
            BEGIN SELECT RAISE(ABORT, 'address pair is not allocated'); END""",
            """
            CREATE TRIGGER ip_pool_bound_pair_stays_allocated BEFORE UPDATE OF released_at ON ip_pool
            WHEN NEW.released_at IS NOT NULL AND EXISTS (SELECT 1 FROM peers WHERE slot = NEW.slot)
            BEGIN SELECT RAISE(ABORT, 'address pair is bound to a peer'); END""",
            """
            CREATE TABLE bandwidth (
                client_id       INTEGER PRIMARY KEY REFERENCES clients (id),
                available_bytes INTEGER NOT NULL CHECK (available_bytes >= 0),
                expires_at      INTEGER NOT NULL
            )""",
            "CREATE INDEX bandwidth_expires_at ON bandwidth (expires_at)",
            // No nullifier without its bandwidth credit: checked at commit (DEFERRABLE), because the
            // registration spends the credential before it credits the bandwidth (docs/architecture.md §4.4).
            """
            CREATE TABLE spent_credentials (
                nullifier      BLOB    PRIMARY KEY CHECK (length(nullifier) > 0),
                scheme         TEXT    NOT NULL,
                client_id      INTEGER NOT NULL REFERENCES bandwidth (client_id) DEFERRABLE INITIALLY DEFERRED,
                request_digest BLOB    NOT NULL,
                credited_bytes INTEGER NOT NULL CHECK (credited_bytes >= 0),
                spent_at       INTEGER NOT NULL,
                expires_at     INTEGER NOT NULL
            )""",
            "CREATE INDEX spent_credentials_client ON spent_credentials (client_id)",
            "CREATE INDEX spent_credentials_expires_at ON spent_credentials (expires_at)"));

    /**
     * The settlement outbox: an accepted spend whose report the scheme's network must still get, written in the
     * spend's transaction. A pending row is due at {@code next_attempt_at} (a claim's lease, or a back-off).
     */
    static final Migration V2 = new Migration(2, "settlement outbox and signer votes", List.of(
            """
            CREATE TABLE settlements (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                scheme          TEXT    NOT NULL,
                nullifier       BLOB    NOT NULL,
                client_id       INTEGER NOT NULL REFERENCES clients (id),
                credited_bytes  INTEGER NOT NULL CHECK (credited_bytes >= 0),
                report          BLOB    NOT NULL,
                created_at      INTEGER NOT NULL,
                expires_at      INTEGER NOT NULL,
                state           TEXT    NOT NULL CHECK (state IN ('pending', 'confirmed', 'rejected')),
                attempts        INTEGER NOT NULL CHECK (attempts >= 0),
                next_attempt_at INTEGER NOT NULL
            )""",
            "CREATE INDEX settlements_due ON settlements (next_attempt_at) WHERE state = 'pending'",
            "CREATE INDEX settlements_created_at ON settlements (created_at, id)",
            "CREATE INDEX settlements_expires_at ON settlements (expires_at)",
            "CREATE INDEX settlements_client ON settlements (client_id)",
            // id keeps the order of arrival (SettlementEntry.votes); a signer votes once per settlement.
            """
            CREATE TABLE settlement_votes (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                settlement_id INTEGER NOT NULL REFERENCES settlements (id) ON DELETE CASCADE,
                signer        TEXT    NOT NULL CHECK (length(signer) > 0),
                accepted      INTEGER NOT NULL CHECK (accepted IN (0, 1)),
                detail        TEXT    NOT NULL,
                voted_at      INTEGER NOT NULL,
                UNIQUE (settlement_id, signer)
            )"""));

    static final List<Migration> MIGRATIONS = List.of(V1, V2);

    private Schema() {
    }
}
