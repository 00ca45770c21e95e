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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Admission before any crypto (DESIGN.md §4): the source's token bucket, the source's cap on open
 * connections, the global cap. Sources are /32 or /64 ({@link SourceKey}). A refused connection gets
 * {@code Busy} and is closed; an admitted one counts against the caps until it closes.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf("lpreg.admitted");
    private static final AttributeKey<SourceKey> SOURCE = AttributeKey.valueOf("lpreg.source");
    static final byte[] BUSY_FRAME =
            LpFraming.frame(new LpPacket(WireVersion.V1, 0, 0, MessageType.BUSY, new byte[0]).encode());

    private static final long REFUSAL_LINGER_MILLIS = 500;

    private final int maxConnections;
    private final int maxConnectionsPerSource;
    private final ConnectionRateLimiter rateLimiter;
    private final GatewayMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<SourceKey, Integer> openBySource = new ConcurrentHashMap<>();

    ConnectionGuard(int maxConnections, int maxConnectionsPerSource, ConnectionRateLimiter rateLimiter,
                    GatewayMetrics metrics) {
        this.maxConnections = maxConnections;
        this.maxConnectionsPerSource = maxConnectionsPerSource;
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    int openConnections() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(ADMITTED).get() == null) {
            ConnectionResult refusal = admit(ctx.channel());
            if (refusal != null) {
                refuse(ctx);
                return;
            }
        }
        super.channelActive(ctx);
    }

    /**
     * Decides whether {@code channel} may use the gateway: the source's token bucket, the source's cap, the
     * global cap. An admitted channel counts against the caps until it closes; a refused one is counted in
     * the metric and returned as its reason ({@code null}: admitted). Called once per channel, at accept
     * ({@link AcceptGate}) or, where the transport cannot refuse there, when the channel becomes active.
     */
    ConnectionResult admit(io.netty.channel.Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        SourceKey source = remote == null ? null : SourceKey.of(remote.getAddress());
        ConnectionResult refusal = null;
        if (source != null && !rateLimiter.tryAcquire(source)) {
            refusal = ConnectionResult.RATE_LIMITED;
        } else if (source != null && !openFrom(source)) {
            refusal = ConnectionResult.SOURCE_CAP;
        } else if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            closedFrom(source);
            refusal = ConnectionResult.BUSY;
        }
        if (refusal != null) {
            channel.attr(ADMITTED).set(Boolean.FALSE);
            metrics.connectionRefused(refusal);
            return refusal;
        }
        channel.attr(SOURCE).set(source);
        channel.attr(ADMITTED).set(Boolean.TRUE);
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(ADMITTED).getAndSet(null))) {
            open.decrementAndGet();
            closedFrom(ctx.channel().attr(SOURCE).get());
            super.channelInactive(ctx);
        }
    }

    /** The connection's handshake failed: its source pays for the crypto it cost (ConnectionRateLimiter). */
    void handshakeFailed(io.netty.channel.Channel channel) {
        penalize(channel);
    }

    /**
     * The connection's credential was refused as bad (RejectionReason#blamesTheClient) or already spent: its
     * source pays as for a failed handshake, since checking a well-formed forgery can cost more than a DH.
     */
    void credentialRefused(io.netty.channel.Channel channel) {
        penalize(channel);
    }

    private void penalize(io.netty.channel.Channel channel) {
        SourceKey source = channel.attr(SOURCE).get();
        if (source != null) {
            rateLimiter.penalize(source);
        }
    }

    private boolean openFrom(SourceKey source) {
        boolean[] admitted = {false};
        openBySource.compute(source, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxConnectionsPerSource) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private void closedFrom(SourceKey source) {
        if (source != null) {
            openBySource.computeIfPresent(source, (key, count) -> count <= 1 ? null : count - 1);
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
    private void refuse(ChannelHandlerContext ctx) {
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
