package io.lpreg.engine.listener;

import io.lpreg.engine.metrics.ConnectionResult;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.HandshakeFailure;
import io.lpreg.engine.metrics.RegistrationFailure;
import io.lpreg.engine.registration.RegistrationOutcome;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationCodec;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Drives one responder {@link LpSession}: ClientHello (timestamp, replay cache), the Noise handshake, then
 * one registration request handed to a worker thread, one answer, close (docs/wire-v1.md §11). Every refusal
 * closes the connection and counts in a metric with its reason. A failed handshake, and after msg 3 anything
 * but a request that arrives in time (a refused frame, the deadline, a close), cost the source the penalty
 * ({@link ConnectionGuard#requestFailed}); a successful registration proves it ({@link ConnectionGuard#registered}).
 */
final class LpConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LpConnectionHandler.class);
    private static final ThreadLocal<StockedEphemerals> EPHEMERALS =
            ThreadLocal.withInitial(() -> new StockedEphemerals(EphemeralKeySource.random(SecureRandoms.create())));

    /** After msg 3 a client has its answer's worth of time to send the request (docs/architecture.md §4.1). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final ListenerSettings settings;
    private final ConnectionGuard guard;
    private final HelloReplayCache replayCache;
    private final InFlight inFlight;
    private final HandshakeBudget budget;
    private final RegistrationShares shares;
    private final GatewayMetrics metrics;
    private final StockedEphemerals ephemerals;
    private final LpSession session;
    private final long openedAt = System.nanoTime();
    private ScheduledFuture<?> helloDeadline;
    private ScheduledFuture<?> handshakeDeadline;
    private ScheduledFuture<?> connectionDeadline;
    private ScheduledFuture<?> requestDeadline;
    private boolean handshakeDone;
    private boolean requestReceived;
    /** The request was refused after msg 3 for something not of its source's doing: no penalty. */
    private boolean refusedThroughNoFaultOfItsSource;
    private ConnectionResult result;

    /** A handler alone (EmbeddedChannel tests): a budget of its own, one event loop's default. */
    LpConnectionHandler(ListenerSettings settings, ConnectionGuard guard, HelloReplayCache replayCache, InFlight inFlight) {
        this(settings, guard, replayCache, inFlight, HandshakeBudget.forEventLoops(1));
    }

    LpConnectionHandler(ListenerSettings settings, ConnectionGuard guard, HelloReplayCache replayCache, InFlight inFlight,
                        HandshakeBudget budget) {
        this(settings, guard, replayCache, inFlight, budget, RegistrationShares.unlimited());
    }

    LpConnectionHandler(ListenerSettings settings, ConnectionGuard guard, HelloReplayCache replayCache, InFlight inFlight,
                        HandshakeBudget budget, RegistrationShares shares) {
        this.shares = requireNonNull(shares, "shares is null");
        this.budget = requireNonNull(budget, "budget is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.guard = requireNonNull(guard, "guard is null");
        this.replayCache = requireNonNull(replayCache, "replayCache is null");
        this.inFlight = requireNonNull(inFlight, "inFlight is null");
        this.metrics = settings.metrics();
        this.ephemerals = EPHEMERALS.get();
        this.session = LpSession.responder(settings.gatewayLpKey(), settings.timestampWindow(), ephemerals);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        metrics.connectionOpened();
        // a slot held without a hello costs an attacker nothing: it gets seconds, not the handshake's 15 (issue 22 A2)
        helloDeadline = ctx.executor().schedule(() -> {
            if (session.state() == LpSession.State.AWAIT_CLIENT_HELLO && result == null) {
                metrics.handshakeFailed(HandshakeFailure.TIMEOUT);
                guard.handshakeFailed(ctx.channel());
                close(ctx, ConnectionResult.TIMEOUT);
            }
        }, settings.slots().helloTimeout().toNanos(), TimeUnit.NANOSECONDS);
        handshakeDeadline = ctx.executor().schedule(() -> {
            if (!handshakeDone) {
                metrics.handshakeFailed(HandshakeFailure.TIMEOUT);
                guard.handshakeFailed(ctx.channel());
                close(ctx, ConnectionResult.TIMEOUT);
            }
        }, settings.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        connectionDeadline = ctx.executor().schedule(() -> close(ctx, ConnectionResult.TIMEOUT),
                settings.connectionTimeout().toNanos(), TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (result != null || requestReceived) {
            return;
        }
        byte[] packet = (byte[]) msg;
        // msg 1 is a new handshake's first DH: it waits for the budget; msg 3 and the request never do.
        boolean newHandshake = session.state() == LpSession.State.AWAIT_MSG1;
        long budgetedSince = newHandshake ? budget.begin() : 0;
        if (budgetedSince == HandshakeBudget.SPENT) {
            busy(ctx);
            return;
        }
        LpSession.Output output;
        try {
            if (newHandshake && refusedAsReplay(ctx, packet)) {
                return;
            }
            output = session.receive(packet, settings.clock().instant());
        } catch (LpProtocolException e) {
            refuse(ctx, e);
            return;
        } finally {
            if (newHandshake) {
                budget.end(budgetedSince);
            }
        }
        for (LpPacket reply : output.packets()) {
            ctx.write(Unpooled.wrappedBuffer(LpFraming.frame(reply.encode())));
        }
        ctx.flush();
        if (newHandshake && session.state() == LpSession.State.AWAIT_MSG3) {
            guard.reachedMsg2(ctx.channel());
            ctx.executor().execute(() -> afterMsg2(ctx));
        }
        switch (output.event()) {
            case LpEvent.HelloAccepted hello -> {
            }
            case LpEvent.HandshakeComplete complete -> {
                handshakeDone = true;
                handshakeDeadline.cancel(false);
                guard.handshakeSucceeded(ctx.channel());
                metrics.handshakeSucceeded(Duration.ofNanos(System.nanoTime() - openedAt));
                requestDeadline = ctx.executor().schedule(() -> {
                    if (!requestReceived) {
                        close(ctx, ConnectionResult.TIMEOUT);
                    }
                }, REQUEST_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            }
            case LpEvent.DataReceived data -> onRequest(ctx, data.plaintext());
            case LpEvent.HandshakeProgressed progressed -> {
            }
            case LpEvent.GatewayBusy busy -> close(ctx, ConnectionResult.FAILED);
        }
    }

    /**
     * A msg 1 behind a hello seen before, or carrying an ephemeral key seen before, is refused before its DH
     * and costs its source the penalty. Checked here rather than at the hello so that hellos alone, which
     * cost no crypto, never fill the cache (issue 22 A1, A4).
     */
    private boolean refusedAsReplay(ChannelHandlerContext ctx, byte[] msg1) {
        HelloReplayCache.Verdict verdict = replayCache.record(session.clientHello(), msg1, settings.clock().instant());
        if (verdict == HelloReplayCache.Verdict.FRESH) {
            return false;
        }
        metrics.handshakeFailed(verdict == HelloReplayCache.Verdict.REPLAYED_HELLO
                ? HandshakeFailure.REPLAYED_HELLO : HandshakeFailure.REPLAYED_EPHEMERAL);
        guard.handshakeFailed(ctx.channel());
        close(ctx, ConnectionResult.FAILED);
        return true;
    }

    /**
     * Once msg 2 has left, while the client works on msg 3: this connection's PSK (otherwise derived when
     * msg 3 arrives) and the ephemeral key of the loop's next msg 2. Only a msg 1 that decrypted gets here,
     * so a bogus one still costs one DH. Charged to the crypto budget like msg 1; with the budget spent,
     * both wait for the moment they are needed.
     */
    private void afterMsg2(ChannelHandlerContext ctx) {
        long budgetedSince = budget.begin();
        if (budgetedSince == HandshakeBudget.SPENT) {
            return;
        }
        try {
            if (result == null && session.state() == LpSession.State.AWAIT_MSG3) {
                session.precomputePsk();
            }
            ephemerals.restock();
        } catch (LpProtocolException | RuntimeException e) {
            exceptionCaught(ctx, e);
        } finally {
            budget.end(budgetedSince);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, byte[] plaintext) {
        requestReceived = true;
        // one request per connection: nothing more is read, and nothing buffered, until the answer is sent
        ctx.channel().config().setAutoRead(false);
        LpRegistrationRequest request;
        try {
            request = RegistrationCodec.decodeRequest(plaintext, session.version());
        } catch (LpProtocolException e) {
            // E2 closes without an answer when the request does not decode (docs/wire-v1.md §11 step 5).
            guard.requestFailed(ctx.channel());
            metrics.registrationAttempted();
            metrics.registrationFailed(RegistrationFailure.MALFORMED_REQUEST, Duration.ZERO);
            log.debug("undecodable registration request from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            close(ctx, ConnectionResult.FAILED);
            return;
        }
        byte[] handshakeHash = session.handshakeHash();
        SourceKey source = guard.sourceOf(ctx.channel());
        if (!shares.tryBegin(source)) {
            overloaded(ctx);
            return;
        }
        inFlight.begin();
        try {
            settings.workers().execute(() -> {
                try {
                    RegistrationOutcome outcome = settings.registrar().register(request, handshakeHash,
                            () -> ctx.channel().isActive());
                    ctx.executor().execute(() -> {
                        if (outcome.blamesTheClient()) {
                            guard.credentialRefused(ctx.channel());
                        } else if (outcome.response().success()) {
                            guard.registered(ctx.channel());
                        }
                        answer(ctx, outcome.response());
                    });
                } finally {
                    shares.end(source);
                    inFlight.end();
                }
            });
        } catch (RejectedExecutionException e) {
            shares.end(source);
            inFlight.end();
            overloaded(ctx);
        }
    }

    /** The workers cannot take the request, or its source has used its share of them. */
    private void overloaded(ChannelHandlerContext ctx) {
        metrics.registrationAttempted();
        metrics.registrationFailed(RegistrationFailure.OVERLOADED, Duration.ZERO);
        answer(ctx, LpRegistrationResponse.error("Gateway overloaded, retry later", 0));
    }

    private void answer(ChannelHandlerContext ctx, LpRegistrationResponse response) {
        if (result != null || !ctx.channel().isActive()) {
            return;
        }
        try {
            LpPacket packet = session.seal(RegistrationCodec.encodeResponse(response));
            result = ConnectionResult.COMPLETED;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(LpFraming.frame(packet.encode())))
                    .addListener(ChannelFutureListener.CLOSE);
        } catch (LpProtocolException e) {
            log.warn("could not seal a registration answer: {}", e.getMessage());
            close(ctx, ConnectionResult.FAILED);
        }
    }

    /** The crypto budget is spent: a cheap {@code Busy}, which the client may retry (docs/wire-v1.md §4.2). */
    private void busy(ChannelHandlerContext ctx) {
        metrics.handshakeFailed(HandshakeFailure.CRYPTO_BUDGET);
        result = ConnectionResult.FAILED;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ConnectionGuard.BUSY_FRAME)).addListener(ChannelFutureListener.CLOSE);
    }

    private void refuse(ChannelHandlerContext ctx, LpProtocolException e) {
        if (!handshakeDone) {
            metrics.handshakeFailed(HandshakeFailure.of(e.error()));
            guard.handshakeFailed(ctx.channel());
        } else {
            metrics.registrationAttempted();
            metrics.registrationFailed(RegistrationFailure.MALFORMED_REQUEST, Duration.ZERO);
        }
        log.debug("refused {} from {}: {}", e.error().label(), ctx.channel().remoteAddress(), e.getMessage());
        close(ctx, ConnectionResult.FAILED);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof LpFrameDecoder.BudgetSpent spent && !spent.sourceHoldsFrames()) {
            refusedThroughNoFaultOfItsSource = true;
        }
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof LpProtocolException e) {
            refuse(ctx, e);
        } else if (root instanceof IOException) {
            close(ctx, ConnectionResult.FAILED);
        } else {
            log.warn("connection from {} failed", ctx.channel().remoteAddress(), root);
            close(ctx, ConnectionResult.FAILED);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
        }
        if (result == null && guard.wasEvicted(ctx.channel())) {
            result = ConnectionResult.EVICTED;
        }
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
            connectionDeadline.cancel(false);
        }
        if (requestDeadline != null) {
            requestDeadline.cancel(false);
        }
        if (result == null) {
            if (!handshakeDone) {
                metrics.handshakeFailed(HandshakeFailure.PEER_CLOSED);
                if (session.state() == LpSession.State.AWAIT_MSG3) {
                    // msg 2 cost the gateway its DHs; a legitimate client answers it (issue 22 A1)
                    guard.handshakeFailed(ctx.channel());
                }
            }
            result = ConnectionResult.FAILED;
        }
        if (handshakeDone && !requestReceived && !refusedThroughNoFaultOfItsSource) {
            // every way out after msg 3 without a request: refused frame, deadline, close (issue 22 partial-frame)
            guard.requestFailed(ctx.channel());
        }
        metrics.connectionClosed(result, Duration.ofNanos(System.nanoTime() - openedAt));
        session.close();
        super.channelInactive(ctx);
    }

    private void close(ChannelHandlerContext ctx, ConnectionResult closeResult) {
        if (result == null) {
            result = closeResult;
        }
        ctx.channel().config().setAutoRead(false);
        ctx.close();
    }
}
