package io.lpreg.engine.testing;

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementState;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import io.lpreg.testkit.plugin.MapPluginConfig;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The real SQLite storage (from the plugin zip, in a class loader of its own) with failures injected on
 * demand: a failing write inside the transaction, or a commit that fails after the work succeeded.
 */
public final class FaultyStorage implements GatewayStorage {
    public enum Fault { NONE, FAIL_UPSERT, FAIL_COMMIT }

    private final GatewayStorage delegate;
    private volatile Fault fault = Fault.NONE;

    private FaultyStorage(GatewayStorage delegate) {
        this.delegate = delegate;
    }

    /** Loads {@code SqliteStorage} from the storage-sqlite plugin zip, storing under {@code dataDirectory}. */
    public static FaultyStorage sqlite(Path unpackInto, Path dataDirectory) throws Exception {
        return sqlite(unpackInto, dataDirectory, Map.of());
    }

    /** As {@link #sqlite(Path, Path)}, with the plugin's {@code [plugins.storage-sqlite]} keys set to {@code values}. */
    public static FaultyStorage sqlite(Path unpackInto, Path dataDirectory, Map<String, String> values) throws Exception {
        Path zip = TestGateway.pluginZips().stream()
                .filter(p -> p.getFileName().toString().startsWith("lpreg-plugin-storage-sqlite"))
                .findFirst().orElseThrow();
        List<URL> jars = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                    Path jar = Files.createDirectories(unpackInto).resolve(Path.of(entry.getName()).getFileName());
                    Files.copy(in, jar);
                    jars.add(jar.toUri().toURL());
                }
            }
        }
        ClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), FaultyStorage.class.getClassLoader());
        Object storage = loader.loadClass("io.lpreg.plugin.storage.sqlite.SqliteStorage")
                .getConstructor(PluginConfig.class, Clock.class)
                .newInstance(new MapPluginConfig(values, dataDirectory), Clock.systemUTC());
        return new FaultyStorage((GatewayStorage) storage);
    }

    public void inject(Fault fault) {
        this.fault = fault;
    }

    @Override
    public String name() {
        return "faulty";
    }

    @Override
    public void start() throws StorageException {
        delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public <T, X extends Exception> T inTransaction(TransactionWork<T, X> work) throws X, StorageException {
        Fault current = fault;
        return delegate.inTransaction(transaction -> {
            T result = work.run(current == Fault.FAIL_UPSERT ? new FailingUpsert(transaction) : transaction);
            if (current == Fault.FAIL_COMMIT) {
                throw new StorageException("injected: commit failed");
            }
            return result;
        });
    }

    @Override
    public List<StoredPeer> peers() throws StorageException {
        return delegate.peers();
    }

    @Override
    public int purgeExpired(Instant now) throws StorageException {
        return delegate.purgeExpired(now);
    }

    @Override
    public boolean isReachable() {
        return delegate.isReachable();
    }

    @Override
    public List<SettlementEntry> settlements(int limit) throws StorageException {
        return delegate.settlements(limit);
    }

    /** Reads in a transaction of its own (not subject to the injected fault). */
    public Optional<SpentCredential> spent(byte[] nullifier) throws StorageException {
        return delegate.inTransaction(transaction -> transaction.spentCredential(nullifier));
    }

    /** The balance of the client that owns this WireGuard peer, read in a transaction of its own. */
    public Optional<Bandwidth> balance(WireGuardKey peer) throws StorageException {
        return delegate.inTransaction(transaction -> {
            Optional<StoredPeer> stored = transaction.peer(peer);
            return stored.isPresent() ? transaction.bandwidth(stored.get().client()) : Optional.<Bandwidth>empty();
        });
    }

    private record FailingUpsert(StorageTransaction delegate) implements StorageTransaction {
        @Override
        public ClientId peerClient(WireGuardKey publicKey, ClientKind kind) throws StorageException {
            return delegate.peerClient(publicKey, kind);
        }

        @Override
        public ClientId mixnetClient(byte[] mixnetClientId, ClientKind kind) throws StorageException {
            return delegate.mixnetClient(mixnetClientId, kind);
        }

        @Override
        public Optional<SpentCredential> spentCredential(byte[] nullifier) throws StorageException {
            return delegate.spentCredential(nullifier);
        }

        @Override
        public void recordSpend(SpentCredential spend) throws StorageException {
            delegate.recordSpend(spend);
        }

        @Override
        public Bandwidth creditBandwidth(ClientId client, long bytes, Instant expiresAt) throws StorageException {
            return delegate.creditBandwidth(client, bytes, expiresAt);
        }

        @Override
        public Bandwidth debitBandwidth(ClientId client, long bytes) throws StorageException {
            return delegate.debitBandwidth(client, bytes);
        }

        @Override
        public Optional<Bandwidth> bandwidth(ClientId client) throws StorageException {
            return delegate.bandwidth(client);
        }

        @Override
        public Optional<StoredPeer> peer(WireGuardKey publicKey) throws StorageException {
            return delegate.peer(publicKey);
        }

        @Override
        public IpPair allocateIpPair(Instant now) throws StorageException {
            return delegate.allocateIpPair(now);
        }

        @Override
        public StoredPeer upsertPeer(WireGuardKey publicKey, ClientId client, IpPair ips, Optional<byte[]> presharedKey,
                                     Instant now) throws StorageException {
            throw new StorageException("injected: disk I/O error");
        }

        @Override
        public boolean removePeer(WireGuardKey publicKey, Instant now) throws StorageException {
            return delegate.removePeer(publicKey, now);
        }

        @Override
        public void enqueueSettlement(Settlement settlement) throws StorageException {
            delegate.enqueueSettlement(settlement);
        }

        @Override
        public List<SettlementEntry> claimSettlements(Instant now, Instant leaseUntil, int limit) throws StorageException {
            return delegate.claimSettlements(now, leaseUntil, limit);
        }

        @Override
        public void recordSettlementVotes(long id, List<SettlementVote> votes) throws StorageException {
            delegate.recordSettlementVotes(id, votes);
        }

        @Override
        public void retrySettlement(long id, Instant nextAttemptAt) throws StorageException {
            delegate.retrySettlement(id, nextAttemptAt);
        }

        @Override
        public void decideSettlement(long id, SettlementState state) throws StorageException {
            delegate.decideSettlement(id, state);
        }
    }
}
