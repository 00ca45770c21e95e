package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.testkit.storage.GatewayStorageContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The GatewayStorage contract against a fresh SQLite file per test, with a five-pair pool. */
class SqliteStorageContractTest extends GatewayStorageContract {
    @TempDir
    Path dataDirectory;

    @Override
    protected GatewayStorage newStorage(Clock clock) {
        return new SqliteStorage(MapPluginConfig.in(dataDirectory)
                .with("ipv4_prefix", "10.9.0.0/29")
                .with("ipv6_prefix", "fd00::/125")
                .with("quarantine", QUARANTINE.toMinutes() + "m")
                .with("purge_grace", PURGE_GRACE.toHours() + "h"), clock);
    }

    @Override
    protected int poolSize() {
        return 5;
    }
}
