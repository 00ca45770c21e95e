package io.lpreg.spi;

import org.pf4j.ExtensionPoint;

/**
 * A kind of registration, named by the request ({@code dvpn}, {@code mixnet}, or a plugin's). The engine
 * owns the order and the atomicity (docs/architecture.md §4.3): it verified the credential before, it opened the
 * transaction the mode works in, and it applies the returned peer and commits after.
 */
public interface RegistrationMode extends ExtensionPoint {
    String name();

    /**
     * Registers the client: find or create its client record, {@link RegistrationContext#charge charge}
     * the credential to it, and return what to configure. Throwing rolls everything back.
     */
    RegistrationPlan register(RegistrationContext context) throws RegistrationRefusedException, StorageException;
}
