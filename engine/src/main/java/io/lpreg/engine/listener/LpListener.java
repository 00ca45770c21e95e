package io.lpreg.engine.listener;

import io.lpreg.protocol.wire.LpFraming;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The LP TCP listener (docs/architecture.md §4.2): admission at accept ({@link AcceptGate}), then per connection a
 * pipeline of connection guard → frame decoder →
 * {@link LpConnectionHandler}. Epoll when the native transport loads, NIO otherwise. Registration work
 * runs on the settings' workers, never on the event loop, each source within its share of them
 * ({@link RegistrationShares}).
 */
public final class LpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LpListener.class);
    /** Thread names of the listener's accept loop and event loops (their CPU time is the listener's cost). */
    public static final String ACCEPT_THREAD_PREFIX = "lp-accept";
    public static final String EVENT_LOOP_THREAD_PREFIX = "lp-io";
    /** Seconds of a source's refill one failed handshake costs it (ConnectionRateLimiter). */
    private static final double FAILURE_PENALTY_SECONDS = 0.2;
    /**
     * Bytes of incomplete request frames buffered across every connection (issue 22 A3): 256 connections
     * sending a largest frame at once; the buffers holding them take at most about twice that.
     */
    static final long PARTIAL_FRAME_BYTES = 256L * LpFraming.MAX_FRAME_LENGTH;

    private final ListenerSettings settings;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup channels = new DefaultChannelGroup("lp-connections", GlobalEventExecutor.INSTANCE);
    private final InFlight inFlight = new InFlight();
    private final ConnectionGuard guard;
    private final Channel serverChannel;
    private final String transport;

    private LpListener(ListenerSettings settings) throws InterruptedException {
        this.settings = requireNonNull(settings, "settings is null");
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.transport = epoll ? "epoll" : "nio";
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(ACCEPT_THREAD_PREFIX), ioHandler);
        // One event loop per core: handshakes are CPU work, and more loops than cores only add switching.
        int eventLoops = Runtime.getRuntime().availableProcessors();
        this.workerGroup = new MultiThreadIoEventLoopGroup(eventLoops,
                new DefaultThreadFactory(EVENT_LOOP_THREAD_PREFIX), ioHandler);
        ConnectionRateLimiter rateLimiter = new ConnectionRateLimiter(settings.connectionsPerSecondPerIp(),
                settings.connectionBurstPerIp(), (int) Math.ceil(settings.connectionsPerSecondPerIp() * FAILURE_PENALTY_SECONDS));
        this.guard = new ConnectionGuard(settings.maxConnections(), settings.slots(), rateLimiter, settings.metrics());
        // off the accept thread: a sweep walks every bucket (issue 22 A5)
        workerGroup.next().scheduleAtFixedRate(rateLimiter::sweep, 1, 1, TimeUnit.SECONDS);
        RegistrationShares shares = RegistrationShares.of(settings.workers());
        HandshakeBudget budget = HandshakeBudget.forEventLoops(eventLoops);
        LpFrameDecoder.PartialFrames partialFrames = new LpFrameDecoder.PartialFrames(PARTIAL_FRAME_BYTES);
        HelloReplayCache replayCache = new HelloReplayCache(settings.timestampWindow().tolerance(),
                HelloReplayCache.capacityFor(eventLoops, HandshakeBudget.DEFAULT_SHARE, settings.timestampWindow().tolerance()));
        try {
            this.serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(new AcceptGate(guard))
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channels.add(channel);
                            channel.pipeline().addLast("guard", guard)
                                    .addLast("frames", new LpFrameDecoder(partialFrames))
                                    .addLast("lp", new LpConnectionHandler(settings, guard, replayCache, inFlight, budget, shares));
                        }
                    })
                    .bind(settings.bind()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            bossGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workerGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        log.info("LP listener on {} ({})", boundAddress(), transport);
    }

    public static LpListener start(ListenerSettings settings) throws InterruptedException {
        return new LpListener(settings);
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public boolean isUp() {
        return serverChannel.isActive();
    }

    /** The network transport in use: "epoll" or "nio". */
    public String transport() {
        return transport;
    }

    public int openConnections() {
        return guard.openConnections();
    }

    /**
     * Stops accepting, lets registrations already handed to workers finish and answer within
     * {@code grace}, then closes every connection and the event loops.
     */
    public void shutdown(Duration grace) {
        serverChannel.close().syncUninterruptibly();
        try {
            if (!inFlight.awaitIdle(grace)) {
                log.warn("{} registrations still in flight after {} s of grace; closing", inFlight.count(), grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Answers are written by the event loop after the worker finished: give them a moment to flush.
        channels.close().awaitUninterruptibly(Math.max(100, Math.min(grace.toMillis(), 1000)), TimeUnit.MILLISECONDS);
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
