package io.lpreg.engine.listener;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An {@link EmbeddedChannel} whose peer is an IP address, as the guard reads it from an accepted socket. */
class SourcedChannel extends EmbeddedChannel {
    private final InetSocketAddress remote;

    SourcedChannel(String address) {
        super(false, false);
        this.remote = new InetSocketAddress(address, 40_000);
    }

    /**
     * Active after the remote address is set (the handlers see {@code channelActive}), on a
     * clock that stands still until the test {@link #advanceTimeBy advances} it.
     */
    static SourcedChannel from(String address, ChannelHandler... handlers) throws Exception {
        return activate(new SourcedChannel(address), handlers);
    }

    static <C extends SourcedChannel> C activate(C channel, ChannelHandler... handlers) throws Exception {
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
