package io.lpreg.spi;

import java.time.Instant;
import java.util.Optional;

/** One registration as a {@link RegistrationMode} sees it, inside the engine's storage transaction. */
public interface RegistrationContext {
    /** The client's WireGuard public key from the request. */
    WireGuardKey clientKey();

    /** The client's WireGuard preshared key (wire v2 only). */
    Optional<byte[]> presharedKey();

    TicketType ticketType();

    /** Mode parameters: the mixnet client id (32 bytes), a plugin mode's parameters, empty for dVPN. */
    byte[] modeParameters();

    /** The open transaction; everything the mode writes commits or rolls back with the registration. */
    StorageTransaction storage();

    /**
     * Consumes the verified credential for {@code client} and credits its bandwidth. A mode calls this
     * exactly once. A credential already spent by another request is refused.
     */
    Charge charge(ClientId client) throws RegistrationRefusedException, StorageException;

    Instant now();
}
