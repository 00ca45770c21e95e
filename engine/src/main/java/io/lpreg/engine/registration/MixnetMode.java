package io.lpreg.engine.registration;

import io.lpreg.spi.Charge;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.RegistrationContext;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.RegistrationPlan;
import io.lpreg.spi.RegistrationRefusedException;
import io.lpreg.spi.StorageException;
import org.pf4j.Extension;

/**
 * Mixnet: bandwidth for a mixnet client id, no WireGuard peer; the answer carries no gateway data
 * (docs/wire-v1.md §10.1). Unlike E2 (docs/wire-v1.md §15 item 9) the client record is created, so the credit has an owner.
 */
@Extension
public final class MixnetMode implements RegistrationMode {
    public static final String NAME = "mixnet";
    private static final int CLIENT_ID_SIZE = 32;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RegistrationPlan register(RegistrationContext context) throws RegistrationRefusedException, StorageException {
        byte[] clientId = context.modeParameters();
        if (clientId.length != CLIENT_ID_SIZE) {
            throw new RegistrationRefusedException("mixnet registration needs a 32-byte client id");
        }
        ClientId client = context.storage().mixnetClient(clientId, ClientKind.of(context.ticketType()));
        Charge charge = context.charge(client);
        return RegistrationPlan.withoutPeer(charge.creditedBytes());
    }
}
