package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.GatewayStorage;
import io.lpreg.testkit.storage.GatewayStorageContract;
import io.lpreg.testkit.storage.ThrowawayPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;

/** The GatewayStorage contract against a real PostgreSQL, one fresh database per test. */
class PostgresStorageContractTest extends GatewayStorageContract {
    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    @Override
    protected GatewayStorage newStorage(Clock clock) throws Exception {
        return new PostgresStorage(PostgresFixture.freshNode(postgres, "gw-contract"), clock);
    }

    @Override
    protected int poolSize() {
        return PostgresFixture.POOL_SIZE;
    }

    @Override
    protected boolean concurrentTransactions() {
        return true;
    }
}
