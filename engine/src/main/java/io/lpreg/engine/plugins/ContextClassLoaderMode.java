package io.lpreg.engine.plugins;

import io.lpreg.spi.RegistrationContext;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.RegistrationPlan;
import io.lpreg.spi.RegistrationRefusedException;
import io.lpreg.spi.StorageException;

import static java.util.Objects.requireNonNull;

final class ContextClassLoaderMode implements RegistrationMode {
    private final RegistrationMode delegate;
    private final ClassLoader loader;

    ContextClassLoaderMode(RegistrationMode delegate, ClassLoader loader) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.loader = requireNonNull(loader, "loader is null");
    }

    @Override
    public String name() {
        return ContextClassLoader.call(loader, delegate::name);
    }

    @Override
    public RegistrationPlan register(RegistrationContext context) throws RegistrationRefusedException, StorageException {
        return ContextClassLoader.<RegistrationPlan, RegistrationRefusedException, StorageException>call(loader,
                () -> delegate.register(context));
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
