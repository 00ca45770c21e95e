package io.lpreg.engine.listener;

import io.lpreg.engine.metrics.ConnectionResult;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Admission before any crypto: the global connection cap and the per-source token bucket. A refused
 * connection gets {@code Busy} and is closed; an admitted one counts against the cap until it closes.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf("lpreg.admitted");
    private static final byte[] BUSY_FRAME =
            LpFraming.frame(new LpPacket(WireVersion.V1, 0, 0, MessageType.BUSY, new byte[0]).encode());

    private static final long REFUSAL_LINGER_MILLIS = 500;

    private final int maxConnections;
    private final ConnectionRateLimiter rateLimiter;
    private final GatewayMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGuard(int maxConnections, ConnectionRateLimiter rateLimiter, GatewayMetrics metrics) {
        this.maxConnections = maxConnections;
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    int openConnections() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (remote != null && !rateLimiter.tryAcquire(remote.getAddress())) {
            refuse(ctx, ConnectionResult.RATE_LIMITED);
            return;
        }
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refuse(ctx, ConnectionResult.BUSY);
            return;
        }
        ctx.channel().attr(ADMITTED).set(Boolean.TRUE);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(ADMITTED).getAndSet(null))) {
            open.decrementAndGet();
            super.channelInactive(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(ADMITTED).get())) {
            super.channelRead(ctx, msg);
        } else {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Answers {@code Busy} and half-closes; input is discarded until the client closes or a short linger
     * ends. Closing at once would reset the connection when the client's hello is already unread in our
     * buffer, and the reset can destroy the {@code Busy} before the client reads it.
     */
    private void refuse(ChannelHandlerContext ctx, ConnectionResult result) {
        metrics.connectionRefused(result);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY_FRAME)).addListener(written -> {
            if (written.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                ctx.close();
            }
        });
        ctx.executor().schedule(() -> ctx.close(), REFUSAL_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
