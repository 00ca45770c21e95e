package io.lpreg.engine.listener;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An {@link EmbeddedChannel} whose peer is an IP address, as the guard reads it from an accepted socket. */
final class SourcedChannel extends EmbeddedChannel {
    private final InetSocketAddress remote;

    private SourcedChannel(InetSocketAddress remote) {
        super(false, false);
        this.remote = remote;
    }

    /**
     * Active after the remote address is set (the handlers see {@code channelActive}), on a
     * clock that stands still until the test {@link #advanceTimeBy advances} it.
     */
    static SourcedChannel from(String address, ChannelHandler... handlers) throws Exception {
        SourcedChannel channel = new SourcedChannel(new InetSocketAddress(address, 40_000));
        channel.register();
        channel.freezeTime();
        channel.pipeline().addLast(handlers);
        channel.pipeline().fireChannelActive();
        return channel;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }
}
