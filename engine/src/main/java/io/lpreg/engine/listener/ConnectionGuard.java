package io.lpreg.engine.listener;

import io.lpreg.engine.metrics.ConnectionResult;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Admission before any crypto (docs/architecture.md §4.1): the source's token bucket, the source's caps on open
 * connections at each of its prefixes ({@link ConnectionSlots}), the global cap. A refused connection gets
 * {@code Busy} and is closed; an admitted one counts against the caps until it closes. When the gateway is
 * full, a source registered recently takes the slot of the oldest connection from an unproven source that has
 * not yet been answered msg 2 (issue 22 A2): idle slots cost an attacker nothing, proving a source costs a
 * successful registration, a valid credential.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf("lpreg.admitted");
    private static final AttributeKey<SourceKey> SOURCE = AttributeKey.valueOf("lpreg.source");
    private static final AttributeKey<Admission> ADMISSION = AttributeKey.valueOf("lpreg.admission");
    private static final AttributeKey<Boolean> LINGERING = AttributeKey.valueOf("lpreg.lingering");
    static final byte[] BUSY_FRAME =
            LpFraming.frame(new LpPacket(WireVersion.V1, 0, 0, MessageType.BUSY, new byte[0]).encode());

    /** The longest a refused connection may wait for its client's bytes before it is closed anyway. */
    static final Duration REFUSAL_LINGER = Duration.ofMillis(200);
    /** Refused connections waiting to be drained at once; beyond it a refusal closes after its Busy. */
    static final int MAX_LINGERING_REFUSALS = 1024;

    private final int maxConnections;
    private final ConnectionSlots slots;
    private final ConnectionRateLimiter rateLimiter;
    private final GatewayMetrics metrics;
    private final ProvenSources proven;
    private final AtomicInteger lingering = new AtomicInteger();
    // guarded by this
    private int open;
    private final Map<SourceKey, Integer> openByPrefix = new HashMap<>();
    private final LinkedHashSet<Channel> evictable = new LinkedHashSet<>();

    /** What an admitted connection holds; its fields are guarded by the guard. */
    private static final class Admission {
        final List<SourceKey> prefixes;
        boolean holdsSlot = true;
        boolean evicted;

        Admission(List<SourceKey> prefixes) {
            this.prefixes = prefixes;
        }
    }

    /** A guard with one cap per source (/32 or /64) and none on wider prefixes. */
    ConnectionGuard(int maxConnections, int maxConnectionsPerSource, ConnectionRateLimiter rateLimiter,
                    GatewayMetrics metrics) {
        this(maxConnections, ConnectionSlots.uniform(maxConnectionsPerSource), rateLimiter, metrics);
    }

    ConnectionGuard(int maxConnections, ConnectionSlots slots, ConnectionRateLimiter rateLimiter, GatewayMetrics metrics) {
        this.maxConnections = maxConnections;
        this.slots = requireNonNull(slots, "slots is null");
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.proven = new ProvenSources(slots.provenFor());
    }

    synchronized int openConnections() {
        return open;
    }

    /** Refused connections on the NIO transport still waiting for their client's bytes. */
    int lingeringRefusals() {
        return lingering.get();
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
     * Decides whether {@code channel} may use the gateway: the source's token bucket, the source's caps, the
     * global cap. An admitted channel counts against the caps until it closes; a refused one is counted in
     * the metric and returned as its reason ({@code null}: admitted). Called once per channel, at accept
     * ({@link AcceptGate}) or, where the transport cannot refuse there, when the channel becomes active.
     */
    ConnectionResult admit(Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        SourceKey source = remote == null ? null : SourceKey.of(remote.getAddress());
        List<SourceKey> prefixes = source == null ? List.of() : source.prefixes();
        ConnectionResult refusal = null;
        Channel victim = null;
        if (source != null && !rateLimiter.tryAcquire(source)) {
            refusal = ConnectionResult.RATE_LIMITED;
        } else {
            boolean isProven = source != null && proven.contains(source, System.nanoTime());
            synchronized (this) {
                if (!capsAllow(prefixes)) {
                    refusal = ConnectionResult.SOURCE_CAP;
                } else if (open >= maxConnections && (!isProven || (victim = evictOldest()) == null)) {
                    refusal = ConnectionResult.BUSY;
                } else {
                    open++;
                    prefixes.forEach(prefix -> openByPrefix.merge(prefix, 1, Integer::sum));
                    if (!isProven) {
                        evictable.add(channel);
                    }
                }
            }
        }
        if (refusal != null) {
            channel.attr(ADMITTED).set(Boolean.FALSE);
            metrics.connectionRefused(refusal);
            return refusal;
        }
        channel.attr(SOURCE).set(source);
        channel.attr(ADMISSION).set(new Admission(prefixes));
        channel.attr(ADMITTED).set(Boolean.TRUE);
        if (victim != null) {
            victim.close();
        }
        return null;
    }

    private boolean capsAllow(List<SourceKey> prefixes) {
        for (SourceKey prefix : prefixes) {
            if (openByPrefix.getOrDefault(prefix, 0) >= cap(prefix)) {
                return false;
            }
        }
        return true;
    }

    private int cap(SourceKey prefix) {
        return switch (prefix.bits()) {
            case 32, 64 -> slots.perAddress();
            case 24, 56 -> slots.perNetwork();
            default -> slots.perSite();
        };
    }

    /** The oldest evictable connection, its slot already given up, or null. Holds the guard's lock. */
    private Channel evictOldest() {
        var oldest = evictable.iterator();
        while (oldest.hasNext()) {
            Channel victim = oldest.next();
            oldest.remove();
            Admission admission = victim.attr(ADMISSION).get();
            if (admission != null && admission.holdsSlot) {
                admission.holdsSlot = false;
                admission.evicted = true;
                open--;
                return victim;
            }
        }
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(LINGERING).getAndSet(null))) {
            lingering.decrementAndGet();
        }
        if (Boolean.TRUE.equals(ctx.channel().attr(ADMITTED).getAndSet(null))) {
            Admission admission = ctx.channel().attr(ADMISSION).get();
            synchronized (this) {
                evictable.remove(ctx.channel());
                if (admission != null) {
                    if (admission.holdsSlot) {
                        admission.holdsSlot = false;
                        open--;
                    }
                    admission.prefixes.forEach(prefix ->
                            openByPrefix.computeIfPresent(prefix, (key, count) -> count <= 1 ? null : count - 1));
                }
            }
            super.channelInactive(ctx);
        }
    }

    /** The connection was answered msg 2: it has cost crypto and may no longer be evicted. */
    void reachedMsg2(Channel channel) {
        synchronized (this) {
            evictable.remove(channel);
        }
    }

    /**
     * The connection's handshake completed. That alone does not prove its source: a handshake costs an
     * attacker no more than a bogus request behind it, so a flood of real handshakes would prove every one of
     * its sources (issue 22, partial-frame flood). See {@link #registered}.
     */
    void handshakeSucceeded(Channel channel) {
        reachedMsg2(channel);
    }

    /**
     * The connection's request was answered with a successful registration, which costs a valid credential:
     * its source is preferred for {@link ConnectionSlots#provenFor}.
     */
    void registered(Channel channel) {
        SourceKey source = channel.attr(SOURCE).get();
        if (source != null) {
            proven.record(source, System.nanoTime());
        }
    }

    boolean isProven(Channel channel) {
        SourceKey source = channel.attr(SOURCE).get();
        return source != null && proven.contains(source, System.nanoTime());
    }

    synchronized boolean evictable(Channel channel) {
        return evictable.contains(channel);
    }

    /** True when the connection was closed to make room for a proven source. */
    boolean wasEvicted(Channel channel) {
        Admission admission = channel.attr(ADMISSION).get();
        synchronized (this) {
            return admission != null && admission.evicted;
        }
    }

    /** The source the connection was admitted from (null for one without an IP peer). */
    SourceKey sourceOf(Channel channel) {
        return channel.attr(SOURCE).get();
    }

    /** The connection's handshake failed: its source pays for the crypto it cost (ConnectionRateLimiter). */
    void handshakeFailed(Channel channel) {
        penalize(channel);
    }

    /**
     * The connection's credential was refused as bad (RejectionReason#blamesTheClient) or already spent: its
     * source pays as for a failed handshake, since checking a well-formed forgery can cost more than a DH.
     */
    void credentialRefused(Channel channel) {
        penalize(channel);
    }

    /**
     * After msg 3 the connection was refused or closed without a complete request of its own doing: a
     * request frame too long or that did not decrypt or decode, no request before its deadline, a close
     * before it. A handshake costs the gateway its DHs whatever follows, so its source pays as for a failed
     * handshake; a client whose request arrives in time never pays.
     */
    void requestFailed(Channel channel) {
        penalize(channel);
    }

    private void penalize(Channel channel) {
        SourceKey source = channel.attr(SOURCE).get();
        if (source != null) {
            rateLimiter.penalize(source);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(ADMITTED).get())) {
            super.channelRead(ctx, msg);
        } else {
            ReferenceCountUtil.release(msg);
            if (Boolean.TRUE.equals(ctx.channel().attr(LINGERING).get())) {
                // the client's hello is drained: closing now sends a FIN behind the Busy, not a reset
                ctx.close();
            }
        }
    }

    /**
     * Answers {@code Busy} and half-closes; input is discarded until the client's first bytes arrive, the
     * client closes or a short linger ends. Closing at once would reset the connection when the client's
     * hello is already unread in our buffer, and the reset can destroy the {@code Busy} before the client
     * reads it. Lingering refusals are counted and capped (issue 22 A5): past the cap one closes at once.
     */
    private void refuse(ChannelHandlerContext ctx) {
        if (lingering.incrementAndGet() > MAX_LINGERING_REFUSALS) {
            lingering.decrementAndGet();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY_FRAME)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel().attr(LINGERING).set(Boolean.TRUE);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY_FRAME)).addListener(written -> {
            if (written.isSuccess() && ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                ctx.close();
            }
        });
        ctx.executor().schedule(() -> ctx.close(), REFUSAL_LINGER.toNanos(), TimeUnit.NANOSECONDS);
    }
}
