package io.lpreg.engine.listener;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DuplexChannel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A {@link SourcedChannel} that can half-close, as a TCP socket of the NIO transport can: what
 * {@link ConnectionGuard} refuses when {@link AcceptGate} could not refuse at accept.
 */
final class DuplexSourcedChannel extends EmbeddedChannel implements DuplexChannel {
    private final InetSocketAddress remote;
    private boolean inputShutdown;
    private boolean outputShutdown;

    private DuplexSourcedChannel(InetSocketAddress remote) {
        super(false, false);
        this.remote = remote;
    }

    static DuplexSourcedChannel from(String address, ChannelHandler... handlers) throws Exception {
        DuplexSourcedChannel channel = new DuplexSourcedChannel(new InetSocketAddress(address, 40_000));
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

    @Override
    public boolean isInputShutdown() {
        return inputShutdown;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        inputShutdown = true;
        return promise.setSuccess();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        outputShutdown = true;
        return promise.setSuccess();
    }

    @Override
    public boolean isShutdown() {
        return inputShutdown && outputShutdown;
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        inputShutdown = true;
        outputShutdown = true;
        return promise.setSuccess();
    }
}
