package {{PACKAGE}};

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.IpPoolUsage;
import io.lpreg.spi.PluginConfig;
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
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * The {@value #NAME} storage, selected by {@code storage = "{{ID}}"}.
 *
 * <p>As generated it keeps the gateway's state in memory, gone when the gateway stops: replace it with your
 * database, keeping {@code {{CLASS}}ContractTest} green (the contract every lpreg storage passes). {@code
 * [plugins.{{ID}}]} keys: {@code quarantine} (how long a released address pair stays unused, default 10m) and
 * {@code purge_grace} (how long expired rows are kept, default 1d); the pool is {@link AddressPool#defaults()}.
 *
 * <p>All or nothing: one transaction at a time works on a copy of the committed state, and the copy replaces
 * the committed state only when the work returns; when it throws, the copy is dropped. Copying costs
 * O(clients) per registration, which is fine for trying things out and not for a million clients.
 */
@Extension
public final class {{CLASS}} implements GatewayStorage {
    public static final String NAME = "{{ID}}";
    /** A removed peer's addresses are not handed out again for this long (its traffic may still arrive). */
    public static final Duration DEFAULT_QUARANTINE = Duration.ofMinutes(10);
    /** Expired spends, settlements and balances are kept this long past their expiry before they are purged. */
    public static final Duration DEFAULT_PURGE_GRACE = Duration.ofDays(1);

    private static final Comparator<SettlementEntry> OLDEST_FIRST =
            Comparator.comparing((SettlementEntry entry) -> entry.settlement().createdAt()).thenComparingLong(SettlementEntry::id);

    private final Clock clock;
    private final AddressPool pool;
    private final Duration quarantine;
    private final Duration purgeGrace;
    private final ReentrantLock writer = new ReentrantLock();
    private volatile State committed = new State();
    private volatile boolean running;

    public {{CLASS}}(Clock clock, AddressPool pool, Duration quarantine, Duration purgeGrace) {
        this.clock = requireNonNull(clock, "clock is null");
        this.pool = requireNonNull(pool, "pool is null");
        this.quarantine = requireNonNull(quarantine, "quarantine is null");
        this.purgeGrace = requireNonNull(purgeGrace, "purgeGrace is null");
    }

    /** The gateway passes the plugin's {@code [plugins.{{ID}}]} table and its clock; a throw stops the gateway. */
    @Inject
    public {{CLASS}}(PluginConfig config, Clock clock) {
        this(clock, AddressPool.defaults(), config.duration("quarantine", DEFAULT_QUARANTINE),
                config.duration("purge_grace", DEFAULT_PURGE_GRACE));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isReachable() {
        return running;
    }

    @Override
    public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
        requireNonNull(work, "work is null");
        checkRunning();
        if (writer.isHeldByCurrentThread()) {
            // the inner commit would be silently overwritten by the outer one
            throw new IllegalStateException("transactions do not nest");
        }
        writer.lock();
        try {
            Transaction transaction = new Transaction(committed.copy());
            try {
                T result = work.run(transaction);
                committed = transaction.state;
                return result;
            } finally {
                transaction.open = false;
            }
        } finally {
            writer.unlock();
        }
    }

    @Override
    public List<StoredPeer> peers() throws StorageException {
        checkRunning();
        return List.copyOf(committed.peers.values());
    }

    @Override
    public Optional<IpPoolUsage> ipPoolUsage(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        checkRunning();
        State state = committed;
        long quarantined = state.releasedSlots.entrySet().stream()
                .filter(entry -> !state.boundSlots.containsKey(entry.getKey()))
                .filter(entry -> entry.getValue().plus(quarantine).isAfter(now))
                .count();
        return Optional.of(new IpPoolUsage(AddressPool.SIZE, state.boundSlots.size(), quarantined));
    }

    @Override
    public List<SettlementEntry> settlements(int limit) throws StorageException {
        requireLimit(limit);
        checkRunning();
        return committed.settlements.values().stream().sorted(OLDEST_FIRST.reversed()).limit(limit).toList();
    }

    @Override
    public int purgeExpired(Instant now) throws StorageException {
        requireNonNull(now, "now is null");
        checkRunning();
        Instant cutoff = now.minus(purgeGrace);
        writer.lock();
        try {
            State state = committed.copy();
            int before = state.settlements.size() + state.spent.size() + state.bandwidth.size();
            state.settlements.values().removeIf(entry -> entry.settlement().expiresAt().isBefore(cutoff));
            state.spent.values().removeIf(spend -> spend.expiresAt().isBefore(cutoff));
            Set<ClientId> referenced = state.referencedClients(false);
            state.bandwidth.entrySet().removeIf(entry -> entry.getValue().expiresAt().isBefore(cutoff)
                    && !referenced.contains(entry.getKey()));
            int purged = before - state.settlements.size() - state.spent.size() - state.bandwidth.size();
            Set<ClientId> stillReferenced = state.referencedClients(true);
            state.clients.keySet().retainAll(stillReferenced);
            state.mixnetClients.values().retainAll(stillReferenced);
            state.releasedSlots.values().removeIf(releasedAt -> !releasedAt.plus(quarantine).isAfter(now));
            committed = state;
            return purged;
        } finally {
            writer.unlock();
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
    }

    private void checkRunning() throws StorageException {
        if (!running) {
            throw new StorageException("the {{ID}} storage is not running (start() first; stop() ends it)");
        }
    }

    /** The committed state, or a transaction's working copy of it. Values are immutable; maps are copied. */
    private static final class State {
        private long lastClientId;
        private long lastSettlementId;
        private final Map<ClientId, ClientKind> clients;
        private final Map<ByteKey, ClientId> mixnetClients;
        private final Map<WireGuardKey, StoredPeer> peers;
        private final Map<Integer, WireGuardKey> boundSlots;
        private final Map<Integer, Instant> releasedSlots;
        private final Map<ClientId, Bandwidth> bandwidth;
        private final Map<ByteKey, SpentCredential> spent;
        private final Map<Long, SettlementEntry> settlements;

        State() {
            this(0, 0, new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                    new HashMap<>(), new HashMap<>());
        }

        private State(long lastClientId, long lastSettlementId, Map<ClientId, ClientKind> clients,
                      Map<ByteKey, ClientId> mixnetClients, Map<WireGuardKey, StoredPeer> peers,
                      Map<Integer, WireGuardKey> boundSlots, Map<Integer, Instant> releasedSlots,
                      Map<ClientId, Bandwidth> bandwidth, Map<ByteKey, SpentCredential> spent,
                      Map<Long, SettlementEntry> settlements) {
            this.lastClientId = lastClientId;
            this.lastSettlementId = lastSettlementId;
            this.clients = clients;
            this.mixnetClients = mixnetClients;
            this.peers = peers;
            this.boundSlots = boundSlots;
            this.releasedSlots = releasedSlots;
            this.bandwidth = bandwidth;
            this.spent = spent;
            this.settlements = settlements;
        }

        State copy() {
            return new State(lastClientId, lastSettlementId, new HashMap<>(clients), new HashMap<>(mixnetClients),
                    new HashMap<>(peers), new HashMap<>(boundSlots), new HashMap<>(releasedSlots), new HashMap<>(bandwidth),
                    new HashMap<>(spent), new HashMap<>(settlements));
        }

        ClientId newClient(ClientKind kind) {
            ClientId client = new ClientId(++lastClientId);
            clients.put(client, kind);
            return client;
        }

        /** Clients a peer, a spend or a settlement refers to, and, if asked, those with a balance. */
        Set<ClientId> referencedClients(boolean withBalances) {
            Set<ClientId> referenced = new HashSet<>();
            peers.values().forEach(peer -> referenced.add(peer.client()));
            spent.values().forEach(spend -> referenced.add(spend.client()));
            settlements.values().forEach(entry -> referenced.add(entry.settlement().client()));
            if (withBalances) {
                referenced.addAll(bandwidth.keySet());
            }
            return referenced;
        }
    }

    private final class Transaction implements StorageTransaction {
        private final State state;
        /** Slots this transaction allocated and has not bound to a peer yet; unbound at commit, they stay free. */
        private final Set<Integer> allocated = new HashSet<>();
        private boolean open = true;

        Transaction(State state) {
            this.state = state;
        }

        @Override
        public ClientId peerClient(WireGuardKey publicKey, ClientKind kind) {
            requireNonNull(publicKey, "publicKey is null");
            requireNonNull(kind, "kind is null");
            checkOpen();
            StoredPeer peer = state.peers.get(publicKey);
            return peer != null ? peer.client() : state.newClient(kind);
        }

        @Override
        public ClientId mixnetClient(byte[] mixnetClientId, ClientKind kind) {
            requireNonNull(mixnetClientId, "mixnetClientId is null");
            requireNonNull(kind, "kind is null");
            if (mixnetClientId.length != 32) {
                throw new IllegalArgumentException("a mixnet client id is 32 bytes, got " + mixnetClientId.length);
            }
            checkOpen();
            return state.mixnetClients.computeIfAbsent(new ByteKey(mixnetClientId), key -> state.newClient(kind));
        }

        @Override
        public Optional<SpentCredential> spentCredential(byte[] nullifier) {
            requireNonNull(nullifier, "nullifier is null");
            checkOpen();
            return Optional.ofNullable(state.spent.get(new ByteKey(nullifier)));
        }

        @Override
        public void recordSpend(SpentCredential spend) throws StorageException {
            requireNonNull(spend, "spend is null");
            checkOpen();
            if (state.spent.putIfAbsent(new ByteKey(spend.nullifier()), spend) != null) {
                throw new StorageException("credential already spent: its nullifier is recorded");
            }
        }

        /** An expired balance counts as zero: a new credit must not revive bytes whose time is over. */
        @Override
        public Bandwidth creditBandwidth(ClientId client, long bytes, Instant expiresAt) {
            requireNonNull(client, "client is null");
            requireNonNull(expiresAt, "expiresAt is null");
            if (bytes < 0) {
                throw new IllegalArgumentException("cannot credit a negative amount: " + bytes);
            }
            checkOpen();
            Bandwidth current = state.bandwidth.get(client);
            Bandwidth credited;
            if (current == null || !current.expiresAt().isAfter(clock.instant())) {
                credited = new Bandwidth(bytes, expiresAt);
            } else {
                long sum = current.availableBytes() > Long.MAX_VALUE - bytes ? Long.MAX_VALUE : current.availableBytes() + bytes;
                credited = new Bandwidth(sum, later(current.expiresAt(), expiresAt));
            }
            state.bandwidth.put(client, credited);
            return credited;
        }

        @Override
        public Bandwidth debitBandwidth(ClientId client, long bytes) {
            requireNonNull(client, "client is null");
            if (bytes < 0) {
                throw new IllegalArgumentException("cannot debit a negative amount: " + bytes);
            }
            checkOpen();
            Bandwidth current = state.bandwidth.get(client);
            if (current == null) {
                // no balance reads as a spent one, so the engine removes the peer
                return new Bandwidth(0, Instant.EPOCH);
            }
            Bandwidth debited = new Bandwidth(Math.max(0, current.availableBytes() - bytes), current.expiresAt());
            state.bandwidth.put(client, debited);
            return debited;
        }

        @Override
        public Optional<Bandwidth> bandwidth(ClientId client) {
            requireNonNull(client, "client is null");
            checkOpen();
            return Optional.ofNullable(state.bandwidth.get(client));
        }

        @Override
        public Optional<StoredPeer> peer(WireGuardKey publicKey) {
            requireNonNull(publicKey, "publicKey is null");
            checkOpen();
            return Optional.ofNullable(state.peers.get(publicKey));
        }

        @Override
        public IpPair allocateIpPair(Instant now) throws StorageException {
            requireNonNull(now, "now is null");
            checkOpen();
            int quarantined = 0;
            for (int slot = 0; slot < AddressPool.SIZE; slot++) {
                if (state.boundSlots.containsKey(slot) || allocated.contains(slot)) {
                    continue;
                }
                Instant releasedAt = state.releasedSlots.get(slot);
                if (releasedAt != null && releasedAt.plus(quarantine).isAfter(now)) {
                    quarantined++;
                    continue;
                }
                allocated.add(slot);
                return pool.pair(slot);
            }
            throw new PoolExhaustedException("IP pool exhausted: all " + AddressPool.SIZE + " address pairs of " + pool
                    + " are taken (" + (AddressPool.SIZE - quarantined) + " allocated, " + quarantined + " quarantined)");
        }

        @Override
        public StoredPeer upsertPeer(WireGuardKey publicKey, ClientId client, IpPair ips, Optional<byte[]> presharedKey,
                                     Instant now) throws StorageException {
            requireNonNull(publicKey, "publicKey is null");
            requireNonNull(client, "client is null");
            requireNonNull(ips, "ips is null");
            requireNonNull(presharedKey, "presharedKey is null");
            requireNonNull(now, "now is null");
            checkOpen();
            OptionalInt found = pool.slotOf(ips);
            if (found.isEmpty()) {
                throw new StorageException("address pair " + ips + " is not a pair of this pool (" + pool + ")");
            }
            int slot = found.getAsInt();
            WireGuardKey owner = state.boundSlots.get(slot);
            if (owner != null && !owner.equals(publicKey)) {
                throw new StorageException("address pair " + ips + " already belongs to another peer");
            }
            if (owner == null && !allocated.contains(slot)) {
                throw new StorageException("address pair " + ips + " is not allocated; allocate it with allocateIpPair first");
            }
            StoredPeer existing = state.peers.get(publicKey);
            if (existing != null) {
                int previous = pool.slotOf(existing.ips()).orElseThrow();
                if (previous != slot) {
                    release(previous, now);
                }
            }
            allocated.remove(slot);
            state.boundSlots.put(slot, publicKey);
            state.releasedSlots.remove(slot);
            StoredPeer peer = new StoredPeer(publicKey, client, ips, presharedKey,
                    existing == null ? now : existing.createdAt(), now);
            state.peers.put(publicKey, peer);
            return peer;
        }

        @Override
        public boolean removePeer(WireGuardKey publicKey, Instant now) {
            requireNonNull(publicKey, "publicKey is null");
            requireNonNull(now, "now is null");
            checkOpen();
            StoredPeer peer = state.peers.remove(publicKey);
            if (peer == null) {
                return false;
            }
            release(pool.slotOf(peer.ips()).orElseThrow(), now);
            return true;
        }

        @Override
        public void enqueueSettlement(Settlement settlement) {
            requireNonNull(settlement, "settlement is null");
            checkOpen();
            long id = ++state.lastSettlementId;
            state.settlements.put(id, new SettlementEntry(id, settlement, SettlementState.PENDING, 0,
                    settlement.createdAt(), List.of()));
        }

        @Override
        public List<SettlementEntry> claimSettlements(Instant now, Instant leaseUntil, int limit) {
            requireNonNull(now, "now is null");
            requireNonNull(leaseUntil, "leaseUntil is null");
            requireLimit(limit);
            checkOpen();
            List<SettlementEntry> due = state.settlements.values().stream()
                    .filter(entry -> entry.state() == SettlementState.PENDING && !entry.nextAttemptAt().isAfter(now))
                    .sorted(OLDEST_FIRST)
                    .limit(limit)
                    .toList();
            List<SettlementEntry> claimed = new ArrayList<>(due.size());
            for (SettlementEntry entry : due) {
                claimed.add(replace(entry, entry.state(), entry.settlement(), entry.attempts(), leaseUntil, entry.votes()));
            }
            return claimed;
        }

        @Override
        public void recordSettlementVotes(long id, List<SettlementVote> votes) throws StorageException {
            requireNonNull(votes, "votes is null");
            checkOpen();
            SettlementEntry entry = settlement(id);
            List<SettlementVote> recorded = new ArrayList<>(entry.votes());
            Set<String> signers = new HashSet<>();
            recorded.forEach(vote -> signers.add(vote.signer()));
            for (SettlementVote vote : votes) {
                if (signers.add(vote.signer())) {
                    recorded.add(vote);
                }
            }
            replace(entry, entry.state(), entry.settlement(), entry.attempts(), entry.nextAttemptAt(), recorded);
        }

        @Override
        public void retrySettlement(long id, Instant nextAttemptAt) throws StorageException {
            requireNonNull(nextAttemptAt, "nextAttemptAt is null");
            checkOpen();
            SettlementEntry entry = settlement(id);
            replace(entry, entry.state(), entry.settlement(), entry.attempts() + 1, nextAttemptAt, entry.votes());
        }

        @Override
        public void decideSettlement(long id, SettlementState decision) throws StorageException {
            requireNonNull(decision, "decision is null");
            if (decision == SettlementState.PENDING) {
                throw new IllegalArgumentException("a settlement is decided CONFIRMED or REJECTED, not PENDING");
            }
            checkOpen();
            SettlementEntry entry = settlement(id);
            Settlement kept = entry.settlement();
            Settlement withoutReport = new Settlement(kept.scheme(), kept.nullifier(), kept.client(), kept.creditedBytes(),
                    new byte[0], kept.createdAt(), kept.expiresAt());
            replace(entry, decision, withoutReport, entry.attempts(), entry.nextAttemptAt(), entry.votes());
        }

        private SettlementEntry settlement(long id) throws StorageException {
            SettlementEntry entry = state.settlements.get(id);
            if (entry == null) {
                throw new StorageException("no settlement " + id + " in the outbox (purged, or never there)");
            }
            return entry;
        }

        private SettlementEntry replace(SettlementEntry entry, SettlementState newState, Settlement settlement,
                                        int attempts, Instant nextAttemptAt, List<SettlementVote> votes) {
            SettlementEntry replaced = new SettlementEntry(entry.id(), settlement, newState, attempts, nextAttemptAt, votes);
            state.settlements.put(entry.id(), replaced);
            return replaced;
        }

        private void release(int slot, Instant now) {
            state.boundSlots.remove(slot);
            state.releasedSlots.put(slot, now);
        }

        private void checkOpen() {
            if (!open) {
                throw new IllegalStateException("the storage transaction is over; use it only inside inTransaction's work");
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A byte array as a map key, by content. */
    private record ByteKey(byte[] bytes) {
        ByteKey {
            bytes = bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
