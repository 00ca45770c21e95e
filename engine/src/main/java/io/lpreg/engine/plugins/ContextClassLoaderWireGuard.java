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
        return ContextClassLoader.call(loader, delegate::name);
    }

    @Override
    public WireGuardKey publicKey() throws WireGuardException {
        return ContextClassLoader.call(loader, delegate::publicKey);
    }

    @Override
    public InetSocketAddress endpoint() {
        return ContextClassLoader.call(loader, delegate::endpoint);
    }

    @Override
    public void addPeer(PeerConfig peer) throws WireGuardException {
        ContextClassLoader.run(loader, () -> delegate.addPeer(peer));
    }

    @Override
    public void removePeer(WireGuardKey publicKey) throws WireGuardException {
        ContextClassLoader.run(loader, () -> delegate.removePeer(publicKey));
    }

    @Override
    public List<PeerStats> peers() throws WireGuardException {
        return ContextClassLoader.call(loader, delegate::peers);
    }

    @Override
    public boolean isReachable() {
        return ContextClassLoader.call(loader, delegate::isReachable);
    }

    @Override
    public void close() {
        ContextClassLoader.run(loader, delegate::close);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
