package {{PACKAGE}};

import io.lpreg.spi.GatewayStorage;
import io.lpreg.testkit.storage.GatewayStorageContract;

import java.time.Clock;

/**
 * The GatewayStorage contract (lpreg-storage-testkit) against this storage: double spends, retries, balances,
 * rollback, the IP pool, purging and the settlement outbox, as every lpreg storage passes them.
 */
class {{CLASS}}ContractTest extends GatewayStorageContract {
    @Override
    protected GatewayStorage newStorage(Clock clock) {
        return new {{CLASS}}(clock, AddressPool.defaults(), QUARANTINE, PURGE_GRACE);
    }

    @Override
    protected int poolSize() {
        return AddressPool.SIZE;
    }
}
