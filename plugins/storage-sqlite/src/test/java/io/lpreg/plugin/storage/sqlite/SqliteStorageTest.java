package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.storage.MutableClock;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static io.lpreg.plugin.storage.sqlite.Registrations.TICKET_BYTES;
import static io.lpreg.plugin.storage.sqlite.Registrations.key;
import static io.lpreg.plugin.storage.sqlite.Registrations.nullifier;
import static io.lpreg.plugin.storage.sqlite.Registrations.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStorageTest {
    @TempDir
    Path dataDirectory;

    private final MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
    private SqliteStorage storage;

    @BeforeEach
    void start() throws StorageException {
        storage = new SqliteStorage(MapPluginConfig.in(dataDirectory), clock);
        storage.start();
    }

    @AfterEach
    void stop() {
        storage.stop();
    }

    private Instant now() {
        return clock.instant();
    }

    @Test
    void isNamedSqlite() {
        assertThat(storage.name()).isEqualTo("sqlite");
    }

    @Test
    void createsAWalDatabaseReadableByItsOwnerOnlyInTheDataDirectory() throws Exception {
        Path file = dataDirectory.resolve("gateway.db");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.creditBandwidth(new ClientId(4242), 1, now().plusSeconds(60))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("FOREIGN KEY");
    }

    @Test
    void peerClientIsTheOwnerOfAKnownKeyAndANewClientForAnUnknownOne() throws StorageException {
        IpPair ips = register(storage, key(1), nullifier(1), now());
        ClientId owner = storage.inTransaction(tx -> tx.peer(key(1)).orElseThrow().client());

        ClientId again = storage.inTransaction(tx -> tx.peerClient(key(1), ClientKind.EXIT_WIREGUARD));
        assertThat(again).isEqualTo(owner);
        ClientId fresh = storage.inTransaction(tx -> tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD));
        assertThat(fresh).isNotEqualTo(owner);
        assertThat(ips).isEqualTo(IpPoolTest.pair("10.1.0.2", "fd00::2"));
    }

    @Test
    void mixnetClientIsFoundByItsExternalIdOrCreated() throws StorageException {
        byte[] id = new byte[32];
        Arrays.fill(id, (byte) 7);
        byte[] other = new byte[32];

        ClientId first = storage.inTransaction(tx -> tx.mixnetClient(id, ClientKind.ENTRY_MIXNET));
        ClientId again = storage.inTransaction(tx -> tx.mixnetClient(id.clone(), ClientKind.ENTRY_MIXNET));
        ClientId second = storage.inTransaction(tx -> tx.mixnetClient(other, ClientKind.EXIT_MIXNET));

        assertThat(again).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.mixnetClient(new byte[31], ClientKind.ENTRY_MIXNET)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpentNullifierIsRefusedAndTheFirstSpendIsKept() throws StorageException {
        register(storage, key(1), nullifier(1), now());

        assertThatThrownBy(() -> register(storage, key(2), nullifier(1), now()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("already spent");
        SpentCredential spend = storage.inTransaction(tx -> tx.spentCredential(nullifier(1))).orElseThrow();
        assertThat(spend.requestDigest()).isEqualTo(key(1).bytes());
        assertThat(spend.creditedBytes()).isEqualTo(TICKET_BYTES);
        assertThat(peer(key(2))).as("the refused registration left nothing").isEmpty();
        assertThat(spent(nullifier(2))).isEmpty();
    }

    @Test
    void aNullifierStaysSpentAcrossARestart() throws StorageException {
        register(storage, key(1), nullifier(1), now());
        storage.stop();

        storage = new SqliteStorage(MapPluginConfig.in(dataDirectory), clock);
        storage.start();

        assertThat(spent(nullifier(1))).isPresent();
        assertThatThrownBy(() -> register(storage, key(2), nullifier(1), now()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("already spent");
    }

    @Test
    void creditingAddsBytesAndKeepsTheLaterExpiry() throws StorageException {
        Instant soon = now().plus(Duration.ofDays(1));
        Instant later = now().plus(Duration.ofDays(7));
        Bandwidth balance = storage.inTransaction(tx -> {
            ClientId client = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.creditBandwidth(client, 100, later);
            return tx.creditBandwidth(client, 50, soon);
        });

        assertThat(balance).isEqualTo(new Bandwidth(150, later));
    }

    @Test
    void creditingAnExpiredBalanceDoesNotReviveItsBytes() throws StorageException {
        ClientId client = storage.inTransaction(tx -> {
            ClientId created = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.creditBandwidth(created, 1_000, now().plus(Duration.ofHours(1)));
            return created;
        });
        clock.advance(Duration.ofHours(2));

        Bandwidth balance = storage.inTransaction(tx -> tx.creditBandwidth(client, 10, now().plus(Duration.ofDays(1))));

        assertThat(balance).isEqualTo(new Bandwidth(10, now().plus(Duration.ofDays(1))));
    }

    @Test
    void creditingSaturatesInsteadOfOverflowing() throws StorageException {
        Bandwidth balance = storage.inTransaction(tx -> {
            ClientId client = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.creditBandwidth(client, Long.MAX_VALUE - 5, Instant.MAX);
            return tx.creditBandwidth(client, 10, Instant.MAX);
        });

        assertThat(balance.availableBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(balance.expiresAt()).isEqualTo(Instant.ofEpochMilli(Long.MAX_VALUE));
    }

    @Test
    void debitingNeverGoesBelowZero() throws StorageException {
        Bandwidth[] balances = storage.inTransaction(tx -> {
            ClientId client = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.creditBandwidth(client, 100, now().plusSeconds(60));
            return new Bandwidth[] {tx.debitBandwidth(client, 30), tx.debitBandwidth(client, 500), tx.bandwidth(client).orElseThrow()};
        });

        assertThat(balances[0].availableBytes()).isEqualTo(70);
        assertThat(balances[1].availableBytes()).isZero();
        assertThat(balances[2].availableBytes()).isZero();
    }

    @Test
    void debitingAClientWithoutBandwidthFindsAnEmptyBalanceAndStoresNothing() throws StorageException {
        ClientId client = storage.inTransaction(tx -> tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD));

        Bandwidth balance = storage.inTransaction(tx -> tx.debitBandwidth(client, 1));

        assertThat(balance).isEqualTo(new Bandwidth(0, Instant.EPOCH));
        assertThat(balance.isUsable(now())).isFalse();
        assertThat(bandwidth(client)).isEmpty();
    }

    @Test
    void upsertingAKnownPeerUpdatesItAndKeepsItsCreationTime() throws StorageException {
        Instant created = now();
        IpPair ips = register(storage, key(1), nullifier(1), created);
        clock.advance(Duration.ofMinutes(5));
        byte[] psk = new byte[32];
        Arrays.fill(psk, (byte) 9);

        StoredPeer updated = storage.inTransaction(tx -> {
            ClientId client = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            return tx.upsertPeer(key(1), client, ips, Optional.of(psk), now());
        });

        assertThat(updated.createdAt()).isEqualTo(created);
        assertThat(updated.updatedAt()).isEqualTo(now());
        assertThat(updated.presharedKey()).hasValueSatisfying(value -> assertThat(value).isEqualTo(psk));
        assertThat(peer(key(1))).contains(updated);
        assertThat(storage.peers()).containsExactly(updated);
    }

    @Test
    void reRegisteringAKnownKeyReturnsItsPairAndCreditsBandwidth() throws StorageException {
        IpPair first = register(storage, key(1), nullifier(1), now());
        register(storage, key(2), nullifier(2), now());
        IpPair again = register(storage, key(1), nullifier(3), now());

        assertThat(again).isEqualTo(first);
        ClientId client = storage.inTransaction(tx -> tx.peer(key(1)).orElseThrow().client());
        assertThat(bandwidth(client).orElseThrow().availableBytes()).isEqualTo(2 * TICKET_BYTES);
        assertThat(storage.poolStatus(now()).allocated()).isEqualTo(2);
    }

    @Test
    void aFailingWorkRollsBackNullifierBandwidthPairAndPeerAndItsExceptionIsRethrownUnchanged() throws StorageException {
        PoolStatus before = storage.poolStatus(now());
        IOException failure = new IOException("the WireGuard interface refused the peer");
        AtomicReference<ClientId> client = new AtomicReference<>();

        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            client.set(tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD));
            tx.recordSpend(new SpentCredential("test", nullifier(1), client.get(), new byte[1], 5, now(), now().plusSeconds(60)));
            tx.creditBandwidth(client.get(), 5, now().plusSeconds(60));
            tx.upsertPeer(key(1), client.get(), tx.allocateIpPair(now()), Optional.empty(), now());
            throw failure;
        })).isSameAs(failure);

        assertThat(spent(nullifier(1))).isEmpty();
        assertThat(bandwidth(client.get())).isEmpty();
        assertThat(peer(key(1))).isEmpty();
        assertThat(storage.poolStatus(now())).isEqualTo(before);
        assertThat(register(storage, key(1), nullifier(1), now())).as("the same pair is still the first free one")
                .isEqualTo(IpPoolTest.pair("10.1.0.2", "fd00::2"));
    }

    @Test
    void aSpendWithoutItsBandwidthCreditIsRefusedAtCommit() throws StorageException {
        assertThatThrownBy(() -> storage.inTransaction(tx -> {
            ClientId client = tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD);
            tx.recordSpend(new SpentCredential("test", nullifier(1), client, new byte[1], 5, now(), now().plusSeconds(60)));
            return null;
        })).isInstanceOf(StorageException.class).hasMessageContaining("no bandwidth row");

        assertThat(spent(nullifier(1))).isEmpty();
    }

    @Test
    void aTransactionCannotBeUsedAfterItsWorkReturned() throws StorageException {
        StorageTransaction leaked = storage.inTransaction(tx -> tx);

        assertThatThrownBy(() -> leaked.peer(key(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNestedTransactionIsRefused() {
        assertThatThrownBy(() -> storage.inTransaction(tx -> storage.inTransaction(inner -> 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not reentrant");
    }

    @Test
    void aPeerNeedsAnAllocatedPairThatNoOtherPeerHolds() throws StorageException {
        IpPair taken = register(storage, key(1), nullifier(1), now());

        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.upsertPeer(key(2),
                tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD), taken, Optional.empty(), now())))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("already belongs to another peer");
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.upsertPeer(key(2),
                tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD), IpPoolTest.pair("10.1.0.9", "fd00::9"), Optional.empty(), now())))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("is not allocated");
        assertThatThrownBy(() -> storage.inTransaction(tx -> tx.upsertPeer(key(2),
                tx.peerClient(key(2), ClientKind.ENTRY_WIREGUARD), IpPoolTest.pair("10.1.0.1", "fd00::1"), Optional.empty(), now())))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("not a pair of this pool");
    }

    @Test
    void movingAPeerToAnotherPairQuarantinesTheOldOne() throws StorageException {
        IpPair old = register(storage, key(1), nullifier(1), now());

        IpPair moved = storage.inTransaction(tx -> {
            IpPair fresh = tx.allocateIpPair(now());
            tx.upsertPeer(key(1), tx.peerClient(key(1), ClientKind.ENTRY_WIREGUARD), fresh, Optional.empty(), now());
            return fresh;
        });

        assertThat(moved).isNotEqualTo(old);
        assertThat(storage.poolStatus(now())).isEqualTo(new PoolStatus(65_533, 1, 1, 65_531));
    }

    @Test
    void isReachableOnlyWhileStarted() {
        assertThat(storage.isReachable()).isTrue();
        storage.stop();
        assertThat(storage.isReachable()).isFalse();
        assertThatThrownBy(() -> storage.peers()).isInstanceOf(StorageException.class).hasMessageContaining("not started");
    }

    @Test
    void aConfigurationErrorIsAStorageExceptionAtStart() {
        SqliteStorage misconfigured = new SqliteStorage(MapPluginConfig.in(dataDirectory).with("allocation", "lowest"), clock);

        assertThatThrownBy(misconfigured::start)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("storage-sqlite configuration")
                .hasMessageContaining("allocation must be sequential or random");
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedWithItsPath() throws Exception {
        Path garbage = dataDirectory.resolve("garbage.db");
        Files.write(garbage, new byte[4096]);
        Files.writeString(garbage, "this is not an sqlite file at all, just text that goes on for a while....");
        SqliteStorage broken = new SqliteStorage(MapPluginConfig.in(dataDirectory).with("path", garbage.toString()), clock);

        assertThatThrownBy(broken::start).isInstanceOf(StorageException.class).hasMessageContaining(garbage.toString());
    }

    private Optional<SpentCredential> spent(byte[] nullifier) throws StorageException {
        return storage.inTransaction(tx -> tx.spentCredential(nullifier));
    }

    private Optional<StoredPeer> peer(WireGuardKey key) throws StorageException {
        return storage.inTransaction(tx -> tx.peer(key));
    }

    private Optional<Bandwidth> bandwidth(ClientId client) throws StorageException {
        return storage.inTransaction(tx -> tx.bandwidth(client));
    }
}
