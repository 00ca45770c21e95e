package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PoolExhaustedException;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * One open SQLite write transaction: the SQL of the SPI's operations, on the writer's cached statements.
 * Valid only inside {@link SqliteStorage#inTransaction}, on the thread that holds the writer lock. Which
 * address pair to hand out is {@link IpPool}'s decision; the rows are {@link PoolTable}'s.
 */
final class SqliteTransaction implements StorageTransaction {
    private final Statements statements;
    private final SqliteSettings settings;
    private final IpPool pool;
    private final PoolTable poolTable;
    private final SettlementTable settlements;
    private final Clock clock;
    private final RandomGenerator random;
    private final List<Long> allocatedSlots = new ArrayList<>(1);
    private final Set<Long> boundSlots = new HashSet<>(2);
    private boolean open = true;

    SqliteTransaction(Statements statements, SqliteSettings settings, Clock clock, RandomGenerator random) {
        this.statements = requireNonNull(statements, "statements is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.pool = settings.pool();
        this.poolTable = new PoolTable(statements, pool);
        this.settlements = new SettlementTable(statements);
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    @Override
    public ClientId peerClient(WireGuardKey publicKey, ClientKind kind) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(kind, "kind is null");
        return run("find or create the client of a peer", () -> {
            Optional<Long> existing = statements.first("SELECT client_id FROM peers WHERE public_key = ?",
                    row -> row.getLong(1), (Object) publicKey.bytes());
            return new ClientId(existing.isPresent() ? existing.get() : insertClient(kind, null));
        });
    }

    @Override
    public ClientId mixnetClient(byte[] mixnetClientId, ClientKind kind) throws StorageException {
        requireNonNull(mixnetClientId, "mixnetClientId is null");
        requireNonNull(kind, "kind is null");
        if (mixnetClientId.length != 32) {
            throw new IllegalArgumentException("a mixnet client id is 32 bytes, got " + mixnetClientId.length);
        }
        byte[] id = mixnetClientId.clone();
        return run("find or create a mixnet client", () -> {
            Optional<Long> existing = statements.first("SELECT id FROM clients WHERE mixnet_id = ?",
                    row -> row.getLong(1), (Object) id);
            return new ClientId(existing.isPresent() ? existing.get() : insertClient(kind, id));
        });
    }

    private long insertClient(ClientKind kind, byte[] mixnetId) throws SQLException {
        return statements.one("INSERT INTO clients (client_type, mixnet_id, created_at) VALUES (?, ?, ?) RETURNING id",
                row -> row.getLong(1), kind.label(), mixnetId, clock.millis());
    }

    @Override
    public Optional<SpentCredential> spentCredential(byte[] nullifier) throws StorageException {
        requireNonNull(nullifier, "nullifier is null");
        byte[] key = nullifier.clone();
        return run("look up a spent credential", () -> statements.first("""
                        SELECT scheme, client_id, request_digest, credited_bytes, spent_at, expires_at
                        FROM spent_credentials WHERE nullifier = ?""",
                row -> new SpentCredential(row.getString("scheme"), key, new ClientId(row.getLong("client_id")),
                        row.getBytes("request_digest"), row.getLong("credited_bytes"),
                        Millis.instant(row.getLong("spent_at")), Millis.instant(row.getLong("expires_at"))),
                (Object) key));
    }

    @Override
    public void recordSpend(SpentCredential spend) throws StorageException {
        requireNonNull(spend, "spend is null");
        checkOpen();
        try {
            statements.update("""
                            INSERT INTO spent_credentials
                                (nullifier, scheme, client_id, request_digest, credited_bytes, spent_at, expires_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    spend.nullifier(), spend.scheme(), spend.client().value(), spend.requestDigest(),
                    spend.creditedBytes(), Millis.of(spend.spentAt()), Millis.of(spend.expiresAt()));
        } catch (SQLException e) {
            if (hasResultCode(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                throw new StorageException("credential already spent: nullifier " + hex(spend.nullifier(), 8) + "… is in spent_credentials", e);
            }
            throw failure("record a spent credential", e);
        }
    }

    /** An expired balance counts as zero: crediting a new ticket must not revive bytes whose time is over. */
    @Override
    public Bandwidth creditBandwidth(ClientId client, long bytes, Instant expiresAt) throws StorageException {
        requireNonNull(client, "client is null");
        requireNonNull(expiresAt, "expiresAt is null");
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot credit a negative amount: " + bytes);
        }
        return run("credit bandwidth", () -> statements.one("""
                        INSERT INTO bandwidth (client_id, available_bytes, expires_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT (client_id) DO UPDATE SET
                            available_bytes = CASE
                                WHEN bandwidth.expires_at <= ?4 THEN excluded.available_bytes
                                WHEN bandwidth.available_bytes > 9223372036854775807 - excluded.available_bytes
                                    THEN 9223372036854775807
                                ELSE bandwidth.available_bytes + excluded.available_bytes END,
                            expires_at = max(bandwidth.expires_at, excluded.expires_at)
                        RETURNING available_bytes, expires_at""",
                SqliteTransaction::bandwidth, client.value(), bytes, Millis.of(expiresAt), clock.millis()));
    }

    @Override
    public Bandwidth debitBandwidth(ClientId client, long bytes) throws StorageException {
        requireNonNull(client, "client is null");
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot debit a negative amount: " + bytes);
        }
        checkOpen();
        int updated = run("debit bandwidth", () -> statements.update(
                "UPDATE bandwidth SET available_bytes = max(0, available_bytes - ?) WHERE client_id = ?",
                bytes, client.value()));
        if (updated == 0) {
            // No balance is an empty one: the bandwidth meter debits every peer in one transaction, and one
            // peer without a row must not roll back the others' usage; it reads as spent and is removed.
            return new Bandwidth(0, Instant.EPOCH);
        }
        return run("read bandwidth", () -> readBandwidth(client).orElseThrow());
    }

    @Override
    public Optional<Bandwidth> bandwidth(ClientId client) throws StorageException {
        requireNonNull(client, "client is null");
        return run("read bandwidth", () -> readBandwidth(client));
    }

    private Optional<Bandwidth> readBandwidth(ClientId client) throws SQLException {
        return statements.first("SELECT available_bytes, expires_at FROM bandwidth WHERE client_id = ?",
                SqliteTransaction::bandwidth, client.value());
    }

    private static Bandwidth bandwidth(java.sql.ResultSet row) throws SQLException {
        return new Bandwidth(row.getLong("available_bytes"), Millis.instant(row.getLong("expires_at")));
    }

    @Override
    public Optional<StoredPeer> peer(WireGuardKey publicKey) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        return run("look up a peer", () -> statements.first("""
                        SELECT client_id, slot, preshared_key, created_at, updated_at FROM peers WHERE public_key = ?""",
                row -> new StoredPeer(publicKey, new ClientId(row.getLong("client_id")),
                        pool.pair(row.getLong("slot")), Optional.ofNullable(row.getBytes("preshared_key")),
                        Millis.instant(row.getLong("created_at")), Millis.instant(row.getLong("updated_at"))),
                (Object) publicKey.bytes()));
    }

    @Override
    public IpPair allocateIpPair(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        checkOpen();
        OptionalLong slot = pool.allocate(poolTable, settings.allocation(), random,
                Millis.minus(now, settings.quarantine()));
        if (slot.isEmpty()) {
            throw exhausted(now);
        }
        allocatedSlots.add(slot.getAsLong());
        return pool.pair(slot.getAsLong());
    }

    private PoolExhaustedException exhausted(Instant now) throws StorageException {
        PoolStatus status = run("count the pool", () -> PoolStatus.count(statements, settings, now));
        OptionalLong nextRelease = poolTable.earliestQuarantined(Millis.minus(now, settings.quarantine()));
        return new PoolExhaustedException("IP pool exhausted: all " + status.size() + " address pairs of "
                + pool.ipv4Prefix() + " + " + pool.ipv6Prefix() + " are taken (" + status.allocated() + " allocated, "
                + status.quarantined() + " quarantined"
                + (nextRelease.isPresent()
                ? "; the next leaves quarantine at " + Millis.instant(nextRelease.getAsLong()).plus(settings.quarantine())
                : "") + ")");
    }

    @Override
    public StoredPeer upsertPeer(WireGuardKey publicKey, ClientId client, IpPair ips, Optional<byte[]> presharedKey,
                                 Instant now) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(client, "client is null");
        requireNonNull(ips, "ips is null");
        requireNonNull(presharedKey, "presharedKey is null");
        requireNonNull(now, "now is null");
        if (presharedKey.isPresent() && presharedKey.get().length != 32) {
            throw new IllegalArgumentException("a WireGuard preshared key is 32 bytes");
        }
        checkOpen();
        long slot = pool.slotOf(ips).orElseThrow(() -> new StorageException(
                "address pair " + ips + " is not a pair of this pool (" + pool + ")"));
        if (!(poolTable.state(slot) instanceof SlotTable.Allocated)) {
            throw new StorageException("address pair " + ips + " is not allocated; allocate it with allocateIpPair first");
        }
        byte[] key = publicKey.bytes();
        byte[] psk = presharedKey.orElse(null);
        long at = Millis.of(now);
        record Existing(long slot, long createdAt) {
        }
        Optional<Existing> existing = run("look up a peer", () -> statements.first(
                "SELECT slot, created_at FROM peers WHERE public_key = ?",
                row -> new Existing(row.getLong("slot"), row.getLong("created_at")), (Object) key));
        try {
            if (existing.isEmpty()) {
                statements.update("""
                                INSERT INTO peers (public_key, client_id, slot, preshared_key, created_at, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?)""",
                        key, client.value(), slot, psk, at, at);
            } else {
                statements.update("""
                                UPDATE peers SET client_id = ?, slot = ?, preshared_key = ?, updated_at = ?
                                WHERE public_key = ?""",
                        client.value(), slot, psk, at, key);
                if (existing.get().slot() != slot) {
                    poolTable.release(existing.get().slot(), at);
                }
            }
        } catch (SQLException e) {
            if (hasResultCode(e, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                throw new StorageException("address pair " + ips + " already belongs to another peer", e);
            }
            throw failure("store a peer", e);
        }
        boundSlots.add(slot);
        long createdAt = existing.map(Existing::createdAt).orElse(at);
        return new StoredPeer(publicKey, client, pool.pair(slot), presharedKey, Millis.instant(createdAt),
                Millis.instant(at));
    }

    @Override
    public boolean removePeer(WireGuardKey publicKey, Instant now) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(now, "now is null");
        byte[] key = publicKey.bytes();
        return run("remove a peer", () -> {
            Optional<Long> slot = statements.first("SELECT slot FROM peers WHERE public_key = ?",
                    row -> row.getLong(1), (Object) key);
            if (slot.isEmpty()) {
                return false;
            }
            statements.update("DELETE FROM peers WHERE public_key = ?", (Object) key);
            poolTable.release(slot.get(), Millis.of(now));
            return true;
        });
    }

    @Override
    public void enqueueSettlement(Settlement settlement) throws StorageException {
        requireNonNull(settlement, "settlement is null");
        run("enqueue a settlement", () -> {
            settlements.insert(settlement);
            return null;
        });
    }

    @Override
    public List<SettlementEntry> claimSettlements(Instant now, Instant leaseUntil, int limit) throws StorageException {
        requireNonNull(now, "now is null");
        requireNonNull(leaseUntil, "leaseUntil is null");
        requireLimit(limit);
        return run("claim settlements", () -> settlements.claim(Millis.of(now), Millis.of(leaseUntil), limit));
    }

    @Override
    public void recordSettlementVotes(long id, List<SettlementVote> votes) throws StorageException {
        List<SettlementVote> recorded = List.copyOf(requireNonNull(votes, "votes is null"));
        checkOpen();
        try {
            settlements.recordVotes(id, recorded);
        } catch (SQLException e) {
            throw failure("record settlement votes", e);
        }
    }

    @Override
    public void retrySettlement(long id, Instant nextAttemptAt) throws StorageException {
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        checkOpen();
        try {
            settlements.retry(id, Millis.of(nextAttemptAt));
        } catch (SQLException e) {
            throw failure("postpone a settlement", e);
        }
    }

    @Override
    public void decideSettlement(long id, SettlementState state) throws StorageException {
        requireDecision(state);
        checkOpen();
        try {
            settlements.decide(id, state);
        } catch (SQLException e) {
            throw failure("decide a settlement", e);
        }
    }

    static void requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
    }

    static void requireDecision(SettlementState state) {
        requireNonNull(state, "state is null");
        if (state == SettlementState.PENDING) {
            throw new IllegalArgumentException("a settlement is decided CONFIRMED or REJECTED, not PENDING");
        }
    }

    /**
     * Deletes what expired more than the grace ago: settlements (with their votes) and spent credentials by
     * their own expiry; a bandwidth row only once no peer and no remaining spent credential refers to it (an
     * expired balance of a live peer is kept so the engine sees it spent and removes the peer); then clients
     * nothing refers to any more.
     */
    int purgeExpired(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        long cutoff = Millis.minus(now, settings.purgeGrace());
        return run("purge expired rows", () -> {
            int settled = settlements.purge(cutoff);
            int spent = statements.update("DELETE FROM spent_credentials WHERE expires_at < ?", cutoff);
            int bandwidth = statements.update("""
                            DELETE FROM bandwidth WHERE expires_at < ?
                            AND NOT EXISTS (SELECT 1 FROM peers p WHERE p.client_id = bandwidth.client_id)
                            AND NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = bandwidth.client_id)""",
                    cutoff);
            statements.update("""
                    DELETE FROM clients
                    WHERE NOT EXISTS (SELECT 1 FROM peers p WHERE p.client_id = clients.id)
                    AND NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = clients.id)
                    AND NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = clients.id)
                    AND NOT EXISTS (SELECT 1 FROM settlements st WHERE st.client_id = clients.id)""");
            return settled + spent + bandwidth;
        });
    }

    /**
     * Before commit: a pair allocated in this transaction but bound to no peer was never handed out, so it goes
     * straight back to the pool instead of leaking.
     */
    void returnUnboundPairs() throws StorageException {
        for (long slot : allocatedSlots) {
            if (boundSlots.contains(slot)) {
                continue; // bound once: a later unbinding in this transaction released it with its quarantine
            }
            checkOpen();
            poolTable.returnUnbound(slot);
        }
    }

    void close() {
        open = false;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("the storage transaction is over; use it only inside inTransaction's work");
        }
    }

    private <R> R run(String what, SqlWork<R> work) throws StorageException {
        checkOpen();
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<R> {
        R run() throws SQLException;
    }

    static StorageException failure(String what, Throwable e) {
        return new StorageException("could not " + what + ": " + Migrator.rootMessage(e), e);
    }

    static boolean hasResultCode(Throwable e, SQLiteErrorCode code) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode() == code) {
                return true;
            }
        }
        return false;
    }

    private static String hex(byte[] bytes, int max) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, max));
    }
}
