package io.lpreg.engine.plugins;

import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;

import java.net.InetSocketAddress;
import java.util.List;

import static java.util.Objects.requireNonNull;

final class ContextClassLoaderWireGuard implements WireGuardController {
    private final WireGuardController delegate;
    private final ClassLoader loader;

    ContextClassLoaderWireGuard(WireGuardController delegate, ClassLoader loader) {
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
    public WireGuardKey publicKey() throws WireGuardException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.publicKey();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public InetSocketAddress endpoint() {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.endpoint();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public void addPeer(PeerConfig peer) throws WireGuardException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            delegate.addPeer(peer);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public void removePeer(WireGuardKey publicKey) throws WireGuardException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            delegate.removePeer(publicKey);
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public List<PeerStats> peers() throws WireGuardException {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.peers();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public boolean isReachable() {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            return delegate.isReachable();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public void close() {
        ClassLoader previous = ContextClassLoader.enter(loader);
        try {
            delegate.close();
        } finally {
            ContextClassLoader.restore(previous);
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
