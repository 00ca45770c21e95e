package io.lpreg.engine.plugins;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementResult;
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
        return ContextClassLoader.call(loader, delegate::name);
    }

    @Override
    public Set<String> schemes() {
        return ContextClassLoader.call(loader, delegate::schemes);
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        return ContextClassLoader.call(loader, () -> delegate.verify(credential, context));
    }

    @Override
    public SettlementResult settle(SettlementEntry entry) throws Exception {
        return ContextClassLoader.<SettlementResult, Exception, RuntimeException>call(loader,
                () -> delegate.settle(entry));
    }

    @Override
    public boolean acceptsEverything() {
        return ContextClassLoader.call(loader, delegate::acceptsEverything);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
