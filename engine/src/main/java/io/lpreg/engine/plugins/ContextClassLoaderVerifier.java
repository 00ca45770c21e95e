package io.lpreg.engine.plugins;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;

import java.util.Set;

import static java.util.Objects.requireNonNull;

final class ContextClassLoaderVerifier implements EcashVerifier {
    private final EcashVerifier delegate;
    private final ClassLoader loader;

    ContextClassLoaderVerifier(EcashVerifier delegate, ClassLoader loader) {
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
    public Set<String> schemes() {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.schemes();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.verify(credential, context);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public boolean acceptsEverything() {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.acceptsEverything();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
