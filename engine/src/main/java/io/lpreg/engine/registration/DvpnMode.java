package io.lpreg.engine.registration;

import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.spi.Charge;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.RegistrationContext;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.RegistrationPlan;
import io.lpreg.spi.RegistrationRefusedException;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * dVPN: a WireGuard peer for the request's key. A key that is already registered keeps its addresses
 * (docs/architecture.md §4.4), and its bandwidth is credited, not replaced.
 */
@Extension
public final class DvpnMode implements RegistrationMode {
    public static final String NAME = "dvpn";

    private final Duration keepalive;

    @Inject
    public DvpnMode(GatewayConfig config) {
        this.keepalive = requireNonNull(config, "config is null").registration().peerKeepalive();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RegistrationPlan register(RegistrationContext context) throws RegistrationRefusedException, StorageException {
        StorageTransaction storage = context.storage();
        ClientId client = storage.peerClient(context.clientKey(), ClientKind.of(context.ticketType()));
        Charge charge = context.charge(client);
        Optional<StoredPeer> existing = storage.peer(context.clientKey());
        IpPair ips = existing.isPresent() ? existing.get().ips() : storage.allocateIpPair(context.now());
        storage.upsertPeer(context.clientKey(), client, ips, context.presharedKey(), context.now());
        PeerConfig peer = new PeerConfig(context.clientKey(), ips, context.presharedKey(), keepalive);
        return RegistrationPlan.withPeer(peer, charge.creditedBytes());
    }
}
