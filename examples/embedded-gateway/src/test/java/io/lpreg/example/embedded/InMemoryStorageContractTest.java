package io.lpreg.example.embedded;

import io.lpreg.spi.GatewayStorage;
import io.lpreg.testkit.storage.GatewayStorageContract;

import java.time.Clock;

/** The GatewayStorage contract against the example's in-memory storage (its fixed 253-pair pool). */
class InMemoryStorageContractTest extends GatewayStorageContract {
    @Override
    protected GatewayStorage newStorage(Clock clock) {
        return new InMemoryStorage(clock, AddressPool.defaults(), QUARANTINE, PURGE_GRACE);
    }

    @Override
    protected int poolSize() {
        return AddressPool.SIZE;
    }
}
