package io.lpreg.engine.listener;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;

/**
 * A {@link SourcedChannel} that can half-close, as a TCP socket of the NIO transport can: what
 * {@link ConnectionGuard} refuses when {@link AcceptGate} could not refuse at accept.
 */
final class DuplexSourcedChannel extends SourcedChannel implements DuplexChannel {
    private boolean inputShutdown;
    private boolean outputShutdown;

    private DuplexSourcedChannel(String address) {
        super(address);
    }

    static DuplexSourcedChannel from(String address, ChannelHandler... handlers) throws Exception {
        return activate(new DuplexSourcedChannel(address), handlers);
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
