package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.storage.MutableClock;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes {@code src/test/resources/schema-v1.db}, the database file {@link MigrationTest} upgrades. It was
 * generated once with schema version 1 and is checked in; regenerate it only if version 1 itself was wrong:
 * {@code java -cp <test classpath> io.lpreg.plugin.storage.sqlite.SchemaV1Fixture src/test/resources/schema-v1.db}
 */
final class SchemaV1Fixture {
    static final Instant WRITTEN_AT = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant REMOVED_AT = WRITTEN_AT.plus(Duration.ofMinutes(5));
    static final byte[] MIXNET_ID = new byte[32];

    static {
        MIXNET_ID[31] = 42;
    }

    private SchemaV1Fixture() {
    }

    /** Peers 1-3 registered at {@link #WRITTEN_AT} with nullifiers 1-3; peer 2 removed at {@link #REMOVED_AT}; a mixnet client paid with nullifier 100. */
    public static void main(String[] args) throws StorageException, java.io.IOException {
        Path file = Path.of(args[0]);
        Files.deleteIfExists(file);
        MutableClock clock = new MutableClock(WRITTEN_AT);
        SqliteStorage storage = new SqliteStorage(MapPluginConfig.in(file.getParent()).with("path", file.toString()),
                clock, List.of(Schema.V1));
        storage.start();
        try {
            for (int i = 1; i <= 3; i++) {
                Registrations.register(storage, Registrations.key(i), Registrations.nullifier(i), WRITTEN_AT);
            }
            storage.inTransaction(tx -> tx.removePeer(Registrations.key(2), REMOVED_AT));
            storage.inTransaction(tx -> {
                ClientId client = tx.mixnetClient(MIXNET_ID, ClientKind.ENTRY_MIXNET);
                tx.recordSpend(new SpentCredential("test", Registrations.nullifier(100), client, MIXNET_ID, 200,
                        WRITTEN_AT, WRITTEN_AT.plus(Duration.ofDays(7))));
                tx.creditBandwidth(client, 200, WRITTEN_AT.plus(Duration.ofDays(7)));
                return null;
            });
        } finally {
            storage.stop();
        }
    }
}
