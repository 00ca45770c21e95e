package io.lpreg.plugin.storage.postgres;

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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * One open PostgreSQL transaction at READ COMMITTED, on one pooled connection. Valid only inside
 * {@link PostgresStorage#inTransaction}. How each operation stays correct while other transactions, of this
 * node or of others, run at the same time:
 *
 * <ul>
 *   <li>nullifiers: {@code INSERT ... ON CONFLICT DO NOTHING} on the fleet-wide primary key; a racing spend
 *       waits for the first one's commit and then finds the row (never both);</li>
 *   <li>balances: one atomic {@code INSERT ... ON CONFLICT DO UPDATE} / {@code UPDATE ... SET x = x - n}
 *       each, which work on the newest row version under its row lock (no lost update); a read takes a share
 *       lock, so a decision made on it (the meter's removal of a spent peer) sees a concurrent top-up;</li>
 *   <li>IP pairs: {@code FOR UPDATE SKIP LOCKED} on the node's free pairs, so concurrent allocations take
 *       different pairs without waiting for each other;</li>
 *   <li>a WireGuard key: a transaction-scoped advisory lock on (node, key), taken by the first read of that
 *       key, so two registrations of one key on one node run one after the other as they do on SQLite;</li>
 *   <li>settlements: a claim takes due rows with {@code FOR UPDATE SKIP LOCKED}, so claims of several nodes
 *       take different rows without waiting for each other.</li>
 * </ul>
 */
final class PostgresTransaction implements StorageTransaction {
    private final Handle handle;
    private final SettlementTable settlements;
    private final PostgresSettings settings;
    private final long poolSize;
    private final Clock clock;
    private final RandomGenerator random;
    /** Pairs this transaction allocated, with the released_at they had, so unbound ones go back as they were. */
    private final Map<Long, Long> allocated = new HashMap<>();
    private final Set<Long> bound = new HashSet<>();
    private final Set<WireGuardKey> lockedKeys = new HashSet<>();
    private boolean open = true;

    PostgresTransaction(Handle handle, PostgresSettings settings, long poolSize, Clock clock, RandomGenerator random) {
        this.handle = requireNonNull(handle, "handle is null");
        this.settlements = new SettlementTable(handle);
        this.settings = requireNonNull(settings, "settings is null");
        this.poolSize = poolSize;
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    private String node() {
        return settings.node();
    }

    @Override
    public ClientId peerClient(WireGuardKey publicKey, ClientKind kind) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(kind, "kind is null");
        return run("find or create the client of a peer", () -> {
            lockKey(publicKey);
            Optional<Long> existing = handle.createQuery("SELECT client_id FROM peers WHERE node = ? AND public_key = ?")
                    .bind(0, node()).bind(1, publicKey.bytes())
                    .mapTo(Long.class)
                    .findOne();
            return new ClientId(existing.orElseGet(() -> handle.createQuery(
                            "INSERT INTO clients (node, client_type, created_at) VALUES (?, ?, ?) RETURNING id")
                    .bind(0, node()).bind(1, kind.label()).bind(2, clock.millis())
                    .mapTo(Long.class)
                    .one()));
        });
    }

    /** Mixnet clients are fleet-wide: one balance per mixnet client id, whichever node it registers at. */
    @Override
    public ClientId mixnetClient(byte[] mixnetClientId, ClientKind kind) throws StorageException {
        requireNonNull(mixnetClientId, "mixnetClientId is null");
        requireNonNull(kind, "kind is null");
        if (mixnetClientId.length != 32) {
            throw new IllegalArgumentException("a mixnet client id is 32 bytes, got " + mixnetClientId.length);
        }
        byte[] id = mixnetClientId.clone();
        return run("find or create a mixnet client", () -> {
            Optional<Long> created = handle.createQuery("""
                            INSERT INTO clients (node, client_type, mixnet_id, created_at) VALUES (NULL, ?, ?, ?)
                            ON CONFLICT (mixnet_id) DO NOTHING RETURNING id""")
                    .bind(0, kind.label()).bind(1, id).bind(2, clock.millis())
                    .mapTo(Long.class)
                    .findOne();
            return new ClientId(created.orElseGet(() -> handle.createQuery("SELECT id FROM clients WHERE mixnet_id = ?")
                    .bind(0, id)
                    .mapTo(Long.class)
                    .one()));
        });
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
        int inserted = run("record a spent credential", () -> handle.createUpdate("""
                        INSERT INTO spent_credentials
                            (nullifier, scheme, client_id, node, request_digest, credited_bytes, spent_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (nullifier) DO NOTHING""")
                .bind(0, spend.nullifier())
                .bind(1, spend.scheme())
                .bind(2, spend.client().value())
                .bind(3, node())
                .bind(4, spend.requestDigest())
                .bind(5, spend.creditedBytes())
                .bind(6, Millis.of(spend.spentAt()))
                .bind(7, Millis.of(spend.expiresAt()))
                .execute());
        if (inserted == 0) {
            throw new StorageException("credential already spent: nullifier "
                    + HexFormat.of().formatHex(spend.nullifier(), 0, Math.min(8, spend.nullifier().length)) + "… is in spent_credentials");
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
        return run("credit bandwidth", () -> handle.createQuery("""
                        INSERT INTO bandwidth (client_id, available_bytes, expires_at) VALUES (:client, :bytes, :expires)
                        ON CONFLICT (client_id) DO UPDATE SET
                            available_bytes = CASE
                                WHEN bandwidth.expires_at <= :now THEN excluded.available_bytes
                                WHEN bandwidth.available_bytes > 9223372036854775807 - excluded.available_bytes
                                    THEN 9223372036854775807
                                ELSE bandwidth.available_bytes + excluded.available_bytes END,
                            expires_at = CASE
                                WHEN bandwidth.expires_at <= :now THEN excluded.expires_at
                                ELSE greatest(bandwidth.expires_at, excluded.expires_at) END
                        RETURNING available_bytes, expires_at""")
                .bind("client", client.value())
                .bind("bytes", bytes)
                .bind("expires", Millis.of(expiresAt))
                .bind("now", clock.millis())
                .map(PostgresTransaction::bandwidth)
                .one());
    }

    @Override
    public Bandwidth debitBandwidth(ClientId client, long bytes) throws StorageException {
        requireNonNull(client, "client is null");
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot debit a negative amount: " + bytes);
        }
        // No balance is an empty one: the bandwidth meter debits every peer in one transaction, and one peer
        // without a row must not roll back the others' usage; it reads as spent and is removed.
        return run("debit bandwidth", () -> handle.createQuery("""
                        UPDATE bandwidth SET available_bytes = greatest(0, available_bytes - ?)
                        WHERE client_id = ? RETURNING available_bytes, expires_at""")
                .bind(0, bytes)
                .bind(1, client.value())
                .map(PostgresTransaction::bandwidth)
                .findOne()
                .orElse(new Bandwidth(0, Instant.EPOCH)));
    }

    /**
     * Under a share lock, so the balance read is the one a concurrent top-up commits: the meter removes an idle
     * peer on what it reads here, and without the lock it read the balance before a top-up that had credited and
     * re-stored the peer, and its removal then waited for that top-up's commit and deleted the peer just paid
     * for. A top-up that has not credited yet waits for the meter's commit instead, and finds the peer gone.
     */
    @Override
    public Optional<Bandwidth> bandwidth(ClientId client) throws StorageException {
        requireNonNull(client, "client is null");
        return run("read bandwidth", () -> handle.createQuery(
                        "SELECT available_bytes, expires_at FROM bandwidth WHERE client_id = ? FOR SHARE")
                .bind(0, client.value())
                .map(PostgresTransaction::bandwidth)
                .findOne());
    }

    private static Bandwidth bandwidth(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Bandwidth(rs.getLong("available_bytes"), Millis.instant(rs.getLong("expires_at")));
    }

    @Override
    public Optional<StoredPeer> peer(WireGuardKey publicKey) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        return run("look up a peer", () -> {
            lockKey(publicKey);
            return handle.createQuery("""
                            SELECT p.client_id, host(ip.ipv4) AS ipv4, host(ip.ipv6) AS ipv6, p.preshared_key, p.created_at, p.updated_at
                            FROM peers p JOIN ip_pool ip ON ip.node = p.node AND ip.slot = p.slot
                            WHERE p.node = ? AND p.public_key = ?""")
                    .bind(0, node()).bind(1, publicKey.bytes())
                    .map((rs, ctx) -> storedPeer(publicKey, rs))
                    .findOne();
        });
    }

    static StoredPeer storedPeer(WireGuardKey publicKey, ResultSet rs) throws SQLException {
        return new StoredPeer(publicKey, new ClientId(rs.getLong("client_id")),
                pair(rs.getString("ipv4"), rs.getString("ipv6")), Optional.ofNullable(rs.getBytes("preshared_key")),
                Millis.instant(rs.getLong("created_at")), Millis.instant(rs.getLong("updated_at")));
    }

    @Override
    public IpPair allocateIpPair(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        long reusableUntil = Millis.minus(now, settings.quarantine());
        record Taken(long slot, long releasedAt, IpPair pair) {
        }
        Optional<Taken> taken = run("allocate an address pair", () -> {
            String order = "ORDER BY released_at, slot";
            String from = "";
            if (settings.allocation() == AllocationStrategy.RANDOM) {
                order = "ORDER BY slot";
                from = " AND slot >= " + random.nextLong(poolSize);
            }
            for (String window : settings.allocation() == AllocationStrategy.RANDOM ? new String[] {from, ""} : new String[] {""}) {
                Optional<Taken> found = handle.createQuery("""
                                UPDATE ip_pool SET released_at = NULL
                                FROM (SELECT slot, released_at FROM ip_pool
                                      WHERE node = :node AND released_at IS NOT NULL AND released_at <= :until""" + window + "\n"
                                + order + """
                                       LIMIT 1 FOR UPDATE SKIP LOCKED) AS free
                                WHERE ip_pool.node = :node AND ip_pool.slot = free.slot
                                RETURNING ip_pool.slot, free.released_at, host(ip_pool.ipv4), host(ip_pool.ipv6)""")
                        .bind("node", node())
                        .bind("until", reusableUntil)
                        .map((rs, ctx) -> new Taken(rs.getLong(1), rs.getLong(2), pair(rs.getString(3), rs.getString(4))))
                        .findOne();
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.<Taken>empty();
        });
        if (taken.isEmpty()) {
            throw exhausted(now);
        }
        allocated.put(taken.get().slot(), taken.get().releasedAt());
        return taken.get().pair();
    }

    private PoolExhaustedException exhausted(Instant now) throws StorageException {
        long reusableUntil = Millis.minus(now, settings.quarantine());
        record Counts(long allocated, long quarantined, Long nextRelease) {
        }
        Counts counts = run("count the pool", () -> handle.createQuery("""
                        SELECT count(*) FILTER (WHERE released_at IS NULL),
                               count(*) FILTER (WHERE released_at > :until),
                               min(released_at) FILTER (WHERE released_at > :until)
                        FROM ip_pool WHERE node = :node""")
                .bind("node", node())
                .bind("until", reusableUntil)
                .map((rs, ctx) -> new Counts(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3)))
                .one());
        long busy = poolSize - counts.allocated() - counts.quarantined();
        return new PoolExhaustedException("IP pool of node " + node() + " exhausted: all " + poolSize + " address pairs of "
                + settings.ipv4Prefix() + " + " + settings.ipv6Prefix() + " are taken (" + counts.allocated() + " allocated, "
                + counts.quarantined() + " quarantined"
                + (busy > 0 ? ", " + busy + " being allocated by concurrent registrations" : "")
                + (counts.nextRelease() == null ? "" : "; the next leaves quarantine at "
                + Millis.instant(counts.nextRelease()).plus(settings.quarantine())) + ")");
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
        byte[] key = publicKey.bytes();
        record Slot(long slot, boolean allocated) {
        }
        // The pair's row stays locked to commit: nobody releases or reassigns it under this transaction.
        Optional<Slot> slot = run("check the address pair", () -> {
            lockKey(publicKey);
            return handle.createQuery("""
                            SELECT slot, released_at IS NULL FROM ip_pool
                            WHERE node = ? AND ipv4 = CAST(? AS inet) AND ipv6 = CAST(? AS inet) FOR UPDATE""")
                    .bind(0, node()).bind(1, ips.ipv4().getHostAddress()).bind(2, ips.ipv6().getHostAddress())
                    .map((rs, ctx) -> new Slot(rs.getLong(1), rs.getBoolean(2)))
                    .findOne();
        });
        if (slot.isEmpty()) {
            throw new StorageException("address pair " + ips + " is not a pair of node " + node() + "'s pool ("
                    + settings.ipv4Prefix() + " + " + settings.ipv6Prefix() + ")");
        }
        if (!slot.get().allocated()) {
            throw new StorageException("address pair " + ips + " is not allocated; allocate it with allocateIpPair first");
        }
        long newSlot = slot.get().slot();
        Optional<byte[]> holder = run("check the pair's holder", () -> handle.createQuery(
                        "SELECT public_key FROM peers WHERE node = ? AND slot = ?")
                .bind(0, node()).bind(1, newSlot)
                .mapTo(byte[].class)
                .findOne());
        if (holder.isPresent() && !java.util.Arrays.equals(holder.get(), key)) {
            throw new StorageException("address pair " + ips + " already belongs to another peer");
        }
        record Existing(long slot, long createdAt) {
        }
        Optional<Existing> existing = run("look up a peer", () -> handle.createQuery(
                        "SELECT slot, created_at FROM peers WHERE node = ? AND public_key = ? FOR UPDATE")
                .bind(0, node()).bind(1, key)
                .map((rs, ctx) -> new Existing(rs.getLong(1), rs.getLong(2)))
                .findOne());
        byte[] psk = presharedKey.orElse(null);
        long at = Millis.of(now);
        run("store a peer", () -> {
            if (existing.isEmpty()) {
                return handle.createUpdate("""
                                INSERT INTO peers (node, public_key, client_id, slot, preshared_key, created_at, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                        .bind(0, node()).bind(1, key).bind(2, client.value()).bind(3, newSlot).bind(4, psk).bind(5, at).bind(6, at)
                        .execute();
            }
            handle.createUpdate("""
                            UPDATE peers SET client_id = ?, slot = ?, preshared_key = ?, updated_at = ?
                            WHERE node = ? AND public_key = ?""")
                    .bind(0, client.value()).bind(1, newSlot).bind(2, psk).bind(3, at).bind(4, node()).bind(5, key)
                    .execute();
            if (existing.get().slot() != newSlot) {
                release(existing.get().slot(), at);
            }
            return 1;
        });
        bound.add(newSlot);
        long createdAt = existing.map(Existing::createdAt).orElse(at);
        return new StoredPeer(publicKey, client, ips, presharedKey, Millis.instant(createdAt), Millis.instant(at));
    }

    @Override
    public boolean removePeer(WireGuardKey publicKey, Instant now) throws StorageException {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(now, "now is null");
        return run("remove a peer", () -> {
            Optional<Long> slot = handle.createQuery("DELETE FROM peers WHERE node = ? AND public_key = ? RETURNING slot")
                    .bind(0, node()).bind(1, publicKey.bytes())
                    .mapTo(Long.class)
                    .findOne();
            slot.ifPresent(value -> release(value, Millis.of(now)));
            return slot.isPresent();
        });
    }

    private void release(long slot, long at) {
        handle.createUpdate("UPDATE ip_pool SET released_at = ? WHERE node = ? AND slot = ?")
                .bind(0, at).bind(1, node()).bind(2, slot)
                .execute();
    }

    @Override
    public void enqueueSettlement(Settlement settlement) throws StorageException {
        requireNonNull(settlement, "settlement is null");
        run("enqueue a settlement", () -> {
            settlements.insert(settlement, node());
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
        if (!run("find a settlement", () -> settlements.exists(id))) {
            throw missingSettlement(id);
        }
        run("record settlement votes", () -> {
            settlements.recordVotes(id, recorded);
            return null;
        });
    }

    @Override
    public void retrySettlement(long id, Instant nextAttemptAt) throws StorageException {
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        if (run("postpone a settlement", () -> settlements.retry(id, Millis.of(nextAttemptAt))) == 0) {
            throw missingSettlement(id);
        }
    }

    @Override
    public void decideSettlement(long id, SettlementState state) throws StorageException {
        requireNonNull(state, "state is null");
        if (state == SettlementState.PENDING) {
            throw new IllegalArgumentException("a settlement is decided CONFIRMED or REJECTED, not PENDING");
        }
        if (run("decide a settlement", () -> settlements.decide(id, state)) == 0) {
            throw missingSettlement(id);
        }
    }

    static void requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
    }

    private static StorageException missingSettlement(long id) {
        return new StorageException("no settlement " + id + " in the outbox (purged, or never there)");
    }

    /**
     * Deletes, fleet-wide, what expired more than the grace ago: settlements (with their votes) and spent
     * credentials by their own expiry; a balance only once no peer (of any node) and no remaining spent credential
     * refers to it; then clients nothing refers to. One node purges at a time (the others skip the round): every
     * node runs the same purge.
     */
    int purgeExpired(Instant now) throws StorageException {
        long cutoff = Millis.minus(now, settings.purgeGrace());
        return run("purge expired rows", () -> {
            boolean mine = handle.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('lpreg purge'))").mapTo(Boolean.class).one();
            if (!mine) {
                return 0;
            }
            int settled = settlements.purge(cutoff);
            int spent = handle.createUpdate("DELETE FROM spent_credentials WHERE expires_at < ?").bind(0, cutoff).execute();
            int bandwidth = handle.createUpdate("""
                            DELETE FROM bandwidth b WHERE b.expires_at < ?
                            AND NOT EXISTS (SELECT 1 FROM peers p WHERE p.client_id = b.client_id)
                            AND NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = b.client_id)""")
                    .bind(0, cutoff)
                    .execute();
            handle.execute("""
                    DELETE FROM clients c
                    WHERE NOT EXISTS (SELECT 1 FROM peers p WHERE p.client_id = c.id)
                    AND NOT EXISTS (SELECT 1 FROM bandwidth b WHERE b.client_id = c.id)
                    AND NOT EXISTS (SELECT 1 FROM spent_credentials s WHERE s.client_id = c.id)
                    AND NOT EXISTS (SELECT 1 FROM settlements st WHERE st.client_id = c.id)""");
            return settled + spent + bandwidth;
        });
    }

    /** Before commit: a pair allocated here but bound to no peer was never handed out; it goes back exactly as it was. */
    void returnUnboundPairs() throws StorageException {
        for (Map.Entry<Long, Long> pair : allocated.entrySet()) {
            if (bound.contains(pair.getKey())) {
                continue; // bound once: a later unbinding in this transaction released it with its quarantine
            }
            run("return an unbound address pair", () -> handle.createUpdate("""
                            UPDATE ip_pool SET released_at = :was
                            WHERE node = :node AND slot = :slot AND released_at IS NULL
                            AND NOT EXISTS (SELECT 1 FROM peers WHERE node = :node AND slot = :slot)""")
                    .bind("was", pair.getValue()).bind("node", node()).bind("slot", pair.getKey())
                    .execute());
        }
    }

    /**
     * Registrations of one key on one node queue here, before they touch any row, so the second one sees the
     * first one's peer. Only the registration path takes it (the meter never does), so it cannot deadlock
     * against row locks held by the meter.
     */
    private void lockKey(WireGuardKey publicKey) {
        if (lockedKeys.add(publicKey)) {
            handle.createQuery("SELECT 1 FROM pg_advisory_xact_lock(?)").bind(0, keyLock(node(), publicKey))
                    .mapTo(Integer.class).one();
        }
    }

    static long keyLock(String node, WireGuardKey key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("lpreg peer\0".getBytes(StandardCharsets.UTF_8));
            sha256.update(node.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(key.bytes());
            return ByteBuffer.wrap(sha256.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
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

    static StorageException failure(String what, Throwable e) {
        return new StorageException("could not " + what + ": " + Migrator.rootMessage(e), e);
    }

    static IpPair pair(String ipv4, String ipv6) {
        try {
            // host() gives literals, so no lookup happens
            return new IpPair((Inet4Address) InetAddress.getByName(ipv4), (Inet6Address) InetAddress.getByName(ipv6));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the database returned an address that is not a literal: " + ipv4 + ", " + ipv6, e);
        }
    }
}
