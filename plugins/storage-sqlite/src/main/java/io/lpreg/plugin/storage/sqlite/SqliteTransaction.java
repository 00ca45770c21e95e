package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PoolExhaustedException;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * One open SQLite write transaction. Valid only inside {@link SqliteStorage#inTransaction}, on the thread
 * that holds the writer lock.
 */
final class SqliteTransaction implements StorageTransaction {
    /** Random draws before a random allocation falls back to the sequential scan (the pool is nearly full). */
    private static final int RANDOM_PROBES = 32;

    private final Handle handle;
    private final SqliteSettings settings;
    private final IpPool pool;
    private final Clock clock;
    private final RandomGenerator random;
    private final List<Long> allocatedSlots = new ArrayList<>(1);
    private final Set<Long> boundSlots = new HashSet<>(2);
    private boolean open = true;

    SqliteTransaction(Handle handle, SqliteSettings settings, Clock clock, RandomGenerator random) {
        this.handle = requireNonNull(handle, "handle is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.pool = settings.pool();
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    @Override
    public ClientId peerClient(WireGuardKey publicKey, ClientKind kind) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(kind, "kind is null");
        return run("find or create the client of a peer", () -> {
            Optional<Long> existing = handle.createQuery("SELECT client_id FROM peers WHERE public_key = ?")
                    .bind(0, publicKey.bytes())
                    .mapTo(Long.class)
                    .findOne();
            return new ClientId(existing.orElseGet(() -> insertClient(kind, null)));
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
            Optional<Long> existing = handle.createQuery("SELECT id FROM clients WHERE mixnet_id = ?")
                    .bind(0, id)
                    .mapTo(Long.class)
                    .findOne();
            return new ClientId(existing.orElseGet(() -> insertClient(kind, id)));
        });
    }

    private long insertClient(ClientKind kind, byte[] mixnetId) {
        return handle.createQuery("INSERT INTO clients (client_type, mixnet_id, created_at) VALUES (?, ?, ?) RETURNING id")
                .bind(0, kind.label())
                .bind(1, mixnetId)
                .bind(2, clock.millis())
                .mapTo(Long.class)
                .one();
    }

    @Override
    public Optional<SpentCredential> spentCredential(byte[] nullifier) throws StorageException {
        requireNonNull(nullifier, "nullifier is null");
        byte[] key = nullifier.clone();
        return run("look up a spent credential", () -> handle.createQuery("""
                        SELECT scheme, client_id, request_digest, credited_bytes, spent_at, expires_at
                        FROM spent_credentials WHERE nullifier = ?""")
                .bind(0, key)
                .map((rs, ctx) -> new SpentCredential(rs.getString("scheme"), key, new ClientId(rs.getLong("client_id")),
                        rs.getBytes("request_digest"), rs.getLong("credited_bytes"),
                        Millis.instant(rs.getLong("spent_at")), Millis.instant(rs.getLong("expires_at"))))
                .findOne());
    }

    @Override
    public void recordSpend(SpentCredential spend) throws StorageException {
        requireNonNull(spend, "spend is null");
        checkOpen();
        try {
            handle.createUpdate("""
                            INSERT INTO spent_credentials
                                (nullifier, scheme, client_id, request_digest, credited_bytes, spent_at, expires_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .bind(0, spend.nullifier())
                    .bind(1, spend.scheme())
                    .bind(2, spend.client().value())
                    .bind(3, spend.requestDigest())
                    .bind(4, spend.creditedBytes())
                    .bind(5, Millis.of(spend.spentAt()))
                    .bind(6, Millis.of(spend.expiresAt()))
                    .execute();
        } catch (JdbiException e) {
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
        return run("credit bandwidth", () -> {
            return handle.createQuery("""
                            INSERT INTO bandwidth (client_id, available_bytes, expires_at) VALUES (:client, :bytes, :expires)
                            ON CONFLICT (client_id) DO UPDATE SET
                                available_bytes = CASE
                                    WHEN bandwidth.expires_at <= :now THEN excluded.available_bytes
                                    WHEN bandwidth.available_bytes > 9223372036854775807 - excluded.available_bytes
                                        THEN 9223372036854775807
                                    ELSE bandwidth.available_bytes + excluded.available_bytes END,
                                expires_at = max(bandwidth.expires_at, excluded.expires_at)
                            RETURNING available_bytes, expires_at""")
                    .bind("client", client.value())
                    .bind("bytes", bytes)
                    .bind("expires", Millis.of(expiresAt))
                    .bind("now", clock.millis())
                    .map((rs, ctx) -> new Bandwidth(rs.getLong("available_bytes"), Millis.instant(rs.getLong("expires_at"))))
                    .one();
        });
    }

    @Override
    public Bandwidth debitBandwidth(ClientId client, long bytes) throws StorageException {
        requireNonNull(client, "client is null");
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot debit a negative amount: " + bytes);
        }
        checkOpen();
        int updated = run("debit bandwidth", () -> handle.createUpdate(
                        "UPDATE bandwidth SET available_bytes = max(0, available_bytes - ?) WHERE client_id = ?")
                .bind(0, bytes)
                .bind(1, client.value())
                .execute());
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

    private Optional<Bandwidth> readBandwidth(ClientId client) {
        return handle.createQuery("SELECT available_bytes, expires_at FROM bandwidth WHERE client_id = ?")
                .bind(0, client.value())
                .map((rs, ctx) -> new Bandwidth(rs.getLong("available_bytes"), Millis.instant(rs.getLong("expires_at"))))
                .findOne();
    }

    @Override
    public Optional<StoredPeer> peer(WireGuardKey publicKey) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        return run("look up a peer", () -> handle.createQuery("""
                        SELECT client_id, slot, preshared_key, created_at, updated_at FROM peers WHERE public_key = ?""")
                .bind(0, publicKey.bytes())
                .map((rs, ctx) -> new StoredPeer(publicKey, new ClientId(rs.getLong("client_id")),
                        pool.pair(rs.getLong("slot")), Optional.ofNullable(rs.getBytes("preshared_key")),
                        Millis.instant(rs.getLong("created_at")), Millis.instant(rs.getLong("updated_at"))))
                .findOne());
    }

    @Override
    public IpPair allocateIpPair(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        checkOpen();
        long reusableUntil = Millis.minus(now, settings.quarantine());
        Optional<Long> slot = run("allocate an address pair", () -> {
            Optional<Long> found = Optional.empty();
            if (settings.allocation() == AllocationStrategy.RANDOM) {
                found = randomFreeSlot(reusableUntil);
            }
            if (found.isEmpty()) {
                found = neverUsedSlot();
            }
            if (found.isEmpty()) {
                found = longestReleasedSlot(reusableUntil);
            }
            return found;
        });
        if (slot.isEmpty()) {
            throw exhausted(now);
        }
        allocatedSlots.add(slot.get());
        return pool.pair(slot.get());
    }

    private Optional<Long> randomFreeSlot(long reusableUntil) {
        for (int probe = 0; probe < RANDOM_PROBES; probe++) {
            long slot = random.nextLong(pool.size());
            Optional<Optional<Long>> row = handle.createQuery("SELECT released_at FROM ip_pool WHERE slot = ?")
                    .bind(0, slot)
                    .map((rs, ctx) -> releasedAt(rs))
                    .findFirst();
            if (row.isEmpty()) {
                insertPoolRow(slot);
                return Optional.of(slot);
            }
            if (row.get().isPresent() && row.get().get() <= reusableUntil) {
                reuse(slot);
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    /** The lowest slot that never had a row; every slot below {@code next_slot} has one. */
    private Optional<Long> neverUsedSlot() {
        long next = handle.createQuery("SELECT next_slot FROM ip_pool_state WHERE id = 1").mapTo(Long.class).one();
        while (next < pool.size() && handle.createQuery("SELECT count(*) FROM ip_pool WHERE slot = ?")
                .bind(0, next).mapTo(Integer.class).one() > 0) {
            next++;
        }
        Optional<Long> slot = Optional.empty();
        if (next < pool.size()) {
            insertPoolRow(next);
            slot = Optional.of(next);
            next++;
        }
        handle.createUpdate("UPDATE ip_pool_state SET next_slot = ? WHERE id = 1").bind(0, next).execute();
        return slot;
    }

    private Optional<Long> longestReleasedSlot(long reusableUntil) {
        Optional<Long> slot = handle.createQuery("""
                        SELECT slot FROM ip_pool WHERE released_at IS NOT NULL AND released_at <= ?
                        ORDER BY released_at, slot LIMIT 1""")
                .bind(0, reusableUntil)
                .mapTo(Long.class)
                .findOne();
        slot.ifPresent(this::reuse);
        return slot;
    }

    private void insertPoolRow(long slot) {
        IpPair pair = pool.pair(slot);
        handle.createUpdate("INSERT INTO ip_pool (slot, ipv4, ipv6, released_at) VALUES (?, ?, ?, NULL)")
                .bind(0, slot)
                .bind(1, IpPair.text(pair.ipv4()))
                .bind(2, IpPair.text(pair.ipv6()))
                .execute();
    }

    private void reuse(long slot) {
        handle.createUpdate("UPDATE ip_pool SET released_at = NULL WHERE slot = ?").bind(0, slot).execute();
    }

    private PoolExhaustedException exhausted(Instant now) throws StorageException {
        PoolStatus status = run("count the pool", () -> SqliteStorage.poolStatus(handle, settings, now));
        Optional<Long> nextRelease = run("find the next release", () -> handle.createQuery(
                        "SELECT min(released_at) FROM ip_pool WHERE released_at IS NOT NULL AND released_at > ?")
                .bind(0, Millis.minus(now, settings.quarantine()))
                .mapTo(Long.class)
                .findOne());
        return new PoolExhaustedException("IP pool exhausted: all " + status.size() + " address pairs of "
                + pool.ipv4Prefix() + " + " + pool.ipv6Prefix() + " are taken (" + status.allocated() + " allocated, "
                + status.quarantined() + " quarantined"
                + nextRelease.map(at -> "; the next leaves quarantine at " + Millis.instant(at).plus(settings.quarantine()))
                .orElse("") + ")");
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
        Optional<Optional<Long>> row = run("check the address pair", () -> handle.createQuery(
                        "SELECT released_at FROM ip_pool WHERE slot = ?")
                .bind(0, slot)
                .map((rs, ctx) -> releasedAt(rs))
                .findFirst());
        if (row.isEmpty() || row.get().isPresent()) {
            throw new StorageException("address pair " + ips + " is not allocated; allocate it with allocateIpPair first");
        }
        byte[] key = publicKey.bytes();
        byte[] psk = presharedKey.orElse(null);
        long at = Millis.of(now);
        record Existing(long slot, long createdAt) {
        }
        Optional<Existing> existing = run("look up a peer", () -> handle.createQuery(
                        "SELECT slot, created_at FROM peers WHERE public_key = ?")
                .bind(0, key)
                .map((rs, ctx) -> new Existing(rs.getLong("slot"), rs.getLong("created_at")))
                .findOne());
        try {
            if (existing.isEmpty()) {
                handle.createUpdate("""
                                INSERT INTO peers (public_key, client_id, slot, preshared_key, created_at, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?)""")
                        .bind(0, key).bind(1, client.value()).bind(2, slot).bind(3, psk).bind(4, at).bind(5, at)
                        .execute();
            } else {
                handle.createUpdate("""
                                UPDATE peers SET client_id = ?, slot = ?, preshared_key = ?, updated_at = ?
                                WHERE public_key = ?""")
                        .bind(0, client.value()).bind(1, slot).bind(2, psk).bind(3, at).bind(4, key)
                        .execute();
                if (existing.get().slot() != slot) {
                    release(existing.get().slot(), at);
                }
            }
        } catch (JdbiException e) {
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
            Optional<Long> slot = handle.createQuery("SELECT slot FROM peers WHERE public_key = ?")
                    .bind(0, key).mapTo(Long.class).findOne();
            if (slot.isEmpty()) {
                return false;
            }
            handle.createUpdate("DELETE FROM peers WHERE public_key = ?").bind(0, key).execute();
            release(slot.get(), Millis.of(now));
            return true;
        });
    }

    private void release(long slot, long at) {
        handle.createUpdate("UPDATE ip_pool SET released_at = ? WHERE slot = ?").bind(0, at).bind(1, slot).execute();
    }

    /**
     * Deletes what expired more than the grace ago: spent credentials by their own expiry; a bandwidth row only
     * once no peer and no remaining spent credential refers to it (an expired balance of a live peer is kept so
     * the engine sees it spent and removes the peer); then clients nothing refers to any more.
     */
    int purgeExpired(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        long cutoff = Millis.minus(now, settings.purgeGrace());
        return run("purge expired rows", () -> {
            int spent = handle.createUpdate("DELETE FROM spent_credentials WHERE expires_at < ?").bind(0, cutoff).execute();
            int bandwidth = handle.createUpdate("""
                            DELETE FROM bandwidth WHERE expires_at < ?
                            AND NOT EXISTS (SELECT 1 FROM peers p WHERE p.client_id = bandwidth.client_id)
                            AND NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = bandwidth.client_id)""")
                    .bind(0, cutoff)
                    .execute();
            handle.execute("""
                    DELETE FROM clients
                    WHERE NOT EXISTS (SELECT 1 FROM peers p WHERE p.client_id = clients.id)
                    AND NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = clients.id)
                    AND NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = clients.id)""");
            return spent + bandwidth;
        });
    }

    /**
     * Before commit: a pair allocated in this transaction but bound to no peer was never handed out, so it goes
     * straight back to the pool (released at the epoch, hence past any quarantine) instead of leaking.
     */
    void returnUnboundPairs() throws StorageException {
        for (long slot : allocatedSlots) {
            if (boundSlots.contains(slot)) {
                continue; // bound once: a later unbinding in this transaction released it with its quarantine
            }
            run("return an unbound address pair", () -> handle.createUpdate("""
                            UPDATE ip_pool SET released_at = 0
                            WHERE slot = :slot AND released_at IS NULL
                            AND NOT EXISTS (SELECT 1 FROM peers WHERE slot = :slot)""")
                    .bind("slot", slot)
                    .execute());
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
        } catch (JdbiException e) {
            throw failure(what, e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<R> {
        R run();
    }

    private static Optional<Long> releasedAt(java.sql.ResultSet rs) throws java.sql.SQLException {
        long value = rs.getLong("released_at");
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
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
        return java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, max));
    }
}
