package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.storage.MutableClock;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.lpreg.plugin.storage.sqlite.IpPoolTest.pair;
import static io.lpreg.plugin.storage.sqlite.Registrations.key;
import static io.lpreg.plugin.storage.sqlite.Registrations.nullifier;
import static io.lpreg.plugin.storage.sqlite.Registrations.register;
import static io.lpreg.plugin.storage.sqlite.SchemaV1Fixture.REMOVED_AT;
import static io.lpreg.plugin.storage.sqlite.SchemaV1Fixture.WRITTEN_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationTest {
    private static final Migration TEST_V2 = new Migration(2, "peers get a note", List.of(
            "ALTER TABLE peers ADD COLUMN note TEXT",
            "UPDATE peers SET note = 'migrated'"));

    @TempDir
    Path dataDirectory;

    private final MutableClock clock = new MutableClock(WRITTEN_AT.plus(Duration.ofMinutes(10)));
    private Path file;
    private SqliteStorage storage;

    @BeforeEach
    void copyTheVersion1File() throws Exception {
        file = dataDirectory.resolve("gateway.db");
        try (InputStream in = MigrationTest.class.getResourceAsStream("/schema-v1.db")) {
            assertThat(in).as("schema-v1.db fixture").isNotNull();
            Files.copy(in, file);
        }
        assertThat(versions()).containsExactly(1);
    }

    @AfterEach
    void stop() {
        if (storage != null) {
            storage.stop();
        }
    }

    private SqliteStorage start(List<Migration> migrations) throws StorageException {
        storage = new SqliteStorage(MapPluginConfig.in(dataDirectory), clock, migrations);
        storage.start();
        return storage;
    }

    @Test
    void aVersion1FileOpensAtTheCurrentVersionWithItsStateIntact() throws Exception {
        start(Schema.MIGRATIONS);

        assertThat(versions()).hasSize(Schema.MIGRATIONS.size()).startsWith(1);
        assertThat(storage.peers()).extracting(StoredPeer::publicKey, StoredPeer::ips).containsExactly(
                org.assertj.core.groups.Tuple.tuple(key(1), pair("10.1.0.2", "fd00::2")),
                org.assertj.core.groups.Tuple.tuple(key(3), pair("10.1.0.4", "fd00::4")));
        assertThatThrownBy(() -> register(storage, key(9), nullifier(2), clock.instant()))
                .as("a nullifier spent under version 1 stays spent").hasMessageContaining("already spent");
        assertThat(register(storage, key(1), nullifier(4), clock.instant())).as("re-registration").isEqualTo(pair("10.1.0.2", "fd00::2"));
        ClientId mixnet = storage.inTransaction(tx -> tx.mixnetClient(SchemaV1Fixture.MIXNET_ID, ClientKind.ENTRY_MIXNET));
        Bandwidth balance = storage.inTransaction(tx -> tx.bandwidth(mixnet)).orElseThrow();
        assertThat(balance).isEqualTo(new Bandwidth(200, WRITTEN_AT.plus(Duration.ofDays(7))));
    }

    @Test
    void aVersion1FileGainsAnEmptySettlementOutboxThatTakesSettlementsOfItsClients() throws Exception {
        start(Schema.MIGRATIONS);
        assertThat(storage.settlements(10)).isEmpty();

        Settlement settlement = storage.inTransaction(tx -> {
            ClientId client = tx.mixnetClient(SchemaV1Fixture.MIXNET_ID, ClientKind.ENTRY_MIXNET);
            Settlement written = new Settlement("zk-nym-test", nullifier(5), client, 200, new byte[] {1, 2, 3},
                    clock.instant(), clock.instant().plus(Duration.ofDays(7)));
            tx.enqueueSettlement(written);
            return written;
        });

        assertThat(storage.settlements(10)).extracting(SettlementEntry::settlement).containsExactly(settlement);
    }

    @Test
    void theVersion1PoolKeepsItsAllocationsAndQuarantine() throws Exception {
        start(Schema.MIGRATIONS);

        assertThat(storage.poolStatus(REMOVED_AT.plus(Duration.ofMinutes(59)))).isEqualTo(new PoolStatus(65_533, 2, 1, 65_530));
        assertThat(register(storage, key(10), nullifier(10), clock.instant())).isEqualTo(pair("10.1.0.5", "fd00::5"));
    }

    @Test
    void pendingMigrationsAreAppliedInOrderAndRecorded() throws Exception {
        start(List.of(Schema.V1, TEST_V2));
        storage.stop();
        storage = null;

        assertThat(versions()).containsExactly(1, 2);
        assertThat(query("SELECT note FROM peers")).containsExactly("migrated", "migrated");

        start(List.of(Schema.V1, TEST_V2));
        assertThat(versions()).as("nothing is applied twice").containsExactly(1, 2);
    }

    @Test
    void aFailingMigrationLeavesTheFileAtItsVersion() throws SQLException {
        Migration broken = new Migration(2, "broken", List.of(
                "ALTER TABLE peers ADD COLUMN note TEXT",
                "UPDATE no_such_table SET x = 1"));

        assertThatThrownBy(() -> start(List.of(Schema.V1, broken)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("could not migrate database " + file)
                .hasMessageContaining("no_such_table");
        storage = null;

        assertThat(versions()).containsExactly(1);
        assertThatThrownBy(() -> query("SELECT note FROM peers")).hasMessageContaining("no such column");
    }

    @Test
    void aFileFromANewerVersionIsRefusedAndLeftAlone() throws Exception {
        int newer = Schema.MIGRATIONS.size() + 1;
        execute("INSERT INTO schema_version (version, description, applied_at) VALUES (" + newer + ", 'from the future', 0)");

        assertThatThrownBy(() -> start(Schema.MIGRATIONS))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("has schema version " + newer + ", newer than the newest this plugin knows ("
                        + Schema.MIGRATIONS.size() + ")")
                .hasMessageContaining("Refusing to start");
        storage = null;

        List<Integer> expected = new ArrayList<>();
        expected.add(1);
        expected.add(newer);
        assertThat(versions()).isEqualTo(expected);
    }

    @Test
    void migrationsMustBeNumberedWithoutGaps() {
        assertThatThrownBy(() -> new Migrator(List.of(Schema.V1, new Migration(3, "three", List.of("SELECT 1"))), clock))
                .hasMessageContaining("numbered 1, 2, 3");
    }

    private List<Integer> versions() throws SQLException {
        return query("SELECT version FROM schema_version ORDER BY version").stream().map(Integer::valueOf).toList();
    }

    private List<String> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
