package io.lpreg.plugin.storage.postgres;

import java.util.List;

/**
 * The schema, as the ordered list of its migrations; a released migration is never edited, a change is a new
 * one appended. What the fleet shares and what a node keeps (README.md): {@code spent_credentials} and mixnet
 * clients with their balances are fleet-wide; a dVPN client, its peer, its balance and the node's IP pool
 * carry the {@code node} they belong to. Times are epoch milliseconds (see {@link Millis}).
 */
final class Schema {
    /** Never-used pairs sort before every released one, lowest slot first (sequential allocation). */
    static final long NEVER_USED = Long.MIN_VALUE;

    static final Migration V1 = new Migration(1, "clients, per-node pools and peers, bandwidth, fleet-wide spent credentials", List.of(
            """
            CREATE TABLE clients (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                node        text,
                client_type text   NOT NULL,
                mixnet_id   bytea  UNIQUE CHECK (mixnet_id IS NULL OR length(mixnet_id) = 32),
                created_at  bigint NOT NULL,
                CHECK ((node IS NULL) = (mixnet_id IS NOT NULL))
            )""",
            """
            CREATE TABLE ip_pools (
                node        text   PRIMARY KEY,
                ipv4_prefix cidr   NOT NULL CHECK (family(ipv4_prefix) = 4),
                ipv6_prefix cidr   NOT NULL CHECK (family(ipv6_prefix) = 6),
                size        bigint NOT NULL CHECK (size > 0)
            )""",
            // One row per pair of a node's pool, created with the pool: released_at is NULL while allocated, else
            // the time the pair became free (quarantined until released_at + quarantine).
            """
            CREATE TABLE ip_pool (
                node        text   NOT NULL REFERENCES ip_pools (node) ON DELETE CASCADE,
                slot        bigint NOT NULL CHECK (slot >= 0),
                ipv4        inet   NOT NULL CHECK (family(ipv4) = 4 AND masklen(ipv4) = 32),
                ipv6        inet   NOT NULL CHECK (family(ipv6) = 6 AND masklen(ipv6) = 128),
                released_at bigint,
                PRIMARY KEY (node, slot),
                UNIQUE (node, ipv4),
                UNIQUE (node, ipv6)
            )""",
            "CREATE INDEX ip_pool_free ON ip_pool (node, released_at, slot) WHERE released_at IS NOT NULL",
            """
            CREATE TABLE peers (
                node          text   NOT NULL,
                public_key    bytea  NOT NULL CHECK (length(public_key) = 32),
                client_id     bigint NOT NULL REFERENCES clients (id),
                slot          bigint NOT NULL,
                preshared_key bytea  CHECK (preshared_key IS NULL OR length(preshared_key) = 32),
                created_at    bigint NOT NULL,
                updated_at    bigint NOT NULL,
                PRIMARY KEY (node, public_key),
                UNIQUE (node, slot),
                FOREIGN KEY (node, slot) REFERENCES ip_pool (node, slot)
            )""",
            "CREATE INDEX peers_client ON peers (client_id)",
            """
            CREATE TABLE bandwidth (
                client_id       bigint PRIMARY KEY REFERENCES clients (id),
                available_bytes bigint NOT NULL CHECK (available_bytes >= 0),
                expires_at      bigint NOT NULL
            )""",
            "CREATE INDEX bandwidth_expires_at ON bandwidth (expires_at)",
            // Fleet-wide: the primary key is what makes a nullifier spend once across every node. No nullifier
            // without its bandwidth credit, checked at commit (docs/architecture.md §4.4 spends before it credits).
            """
            CREATE TABLE spent_credentials (
                nullifier      bytea  PRIMARY KEY CHECK (length(nullifier) > 0),
                scheme         text   NOT NULL,
                client_id      bigint NOT NULL REFERENCES bandwidth (client_id) DEFERRABLE INITIALLY DEFERRED,
                node           text   NOT NULL,
                request_digest bytea  NOT NULL,
                credited_bytes bigint NOT NULL CHECK (credited_bytes >= 0),
                spent_at       bigint NOT NULL,
                expires_at     bigint NOT NULL
            )""",
            "CREATE INDEX spent_credentials_client ON spent_credentials (client_id)",
            "CREATE INDEX spent_credentials_expires_at ON spent_credentials (expires_at)"));

    /**
     * The settlement outbox, fleet-wide like the spends it reports: any node may claim any row, and claims take
     * rows with {@code FOR UPDATE SKIP LOCKED}, so two nodes never report one spend at once. A pending row is due
     * at {@code next_attempt_at} (a claim's lease, or a back-off); {@code node} is the node that accepted the spend.
     */
    static final Migration V2 = new Migration(2, "fleet-wide settlement outbox and signer votes", List.of(
            """
            CREATE TABLE settlements (
                id              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                scheme          text    NOT NULL,
                nullifier       bytea   NOT NULL,
                client_id       bigint  NOT NULL REFERENCES clients (id),
                node            text    NOT NULL,
                credited_bytes  bigint  NOT NULL CHECK (credited_bytes >= 0),
                report          bytea   NOT NULL,
                created_at      bigint  NOT NULL,
                expires_at      bigint  NOT NULL,
                state           text    NOT NULL CHECK (state IN ('pending', 'confirmed', 'rejected')),
                attempts        integer NOT NULL CHECK (attempts >= 0),
                next_attempt_at bigint  NOT NULL
            )""",
            "CREATE INDEX settlements_pending ON settlements (created_at, id) WHERE state = 'pending'",
            "CREATE INDEX settlements_created_at ON settlements (created_at, id)",
            "CREATE INDEX settlements_expires_at ON settlements (expires_at)",
            "CREATE INDEX settlements_client ON settlements (client_id)",
            // id keeps the order of arrival (SettlementEntry.votes); a signer votes once per settlement.
            """
            CREATE TABLE settlement_votes (
                id            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                settlement_id bigint  NOT NULL REFERENCES settlements (id) ON DELETE CASCADE,
                signer        text    NOT NULL CHECK (length(signer) > 0),
                accepted      boolean NOT NULL,
                detail        text    NOT NULL,
                voted_at      bigint  NOT NULL,
                UNIQUE (settlement_id, signer)
            )"""));

    static final List<Migration> MIGRATIONS = List.of(V1, V2);

    private Schema() {
    }
}
