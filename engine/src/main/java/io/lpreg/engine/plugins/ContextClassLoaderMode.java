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
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.name();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public RegistrationPlan register(RegistrationContext context) throws RegistrationRefusedException, StorageException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.register(context);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
