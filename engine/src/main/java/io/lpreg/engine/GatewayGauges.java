package io.lpreg.engine;

import io.lpreg.engine.metrics.OperationalMetrics;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The periodic check behind the operational gauges: storage and interface liveness, pool usage, peers. */
final class GatewayGauges implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(GatewayGauges.class);

    private final GatewayStorage storage;
    private final Optional<WireGuardController> wireGuard;
    private final OperationalMetrics metrics;
    private final Clock clock;
    private boolean storageWarned;

    GatewayGauges(GatewayStorage storage, Optional<WireGuardController> wireGuard, OperationalMetrics metrics, Clock clock) {
        this.storage = requireNonNull(storage, "storage is null");
        this.wireGuard = requireNonNull(wireGuard, "wireGuard is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void run() {
        boolean storageUp = storage.isReachable();
        metrics.storageChecked(storageUp);
        if (storageUp) {
            try {
                storage.ipPoolUsage(clock.instant()).ifPresent(metrics::poolUsage);
                storageWarned = false;
            } catch (StorageException | RuntimeException e) {
                if (!storageWarned) {
                    log.warn("could not read the IP pool usage: {}", e.getMessage());
                    storageWarned = true;
                }
            }
        }
        if (wireGuard.isEmpty()) {
            metrics.peersOnInterface(0);
            return;
        }
        try {
            metrics.peersOnInterface(wireGuard.get().peers().size());
            metrics.wireGuardChecked(true);
        } catch (WireGuardException | RuntimeException e) {
            metrics.wireGuardChecked(false);
        }
    }
}
