package io.lpreg.engine.listener;

import com.google.common.util.concurrent.MoreExecutors;
import io.lpreg.engine.metrics.ConnectionResult;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.HandshakeFailure;
import io.lpreg.engine.metrics.MetricsSummary;
import io.lpreg.engine.metrics.RegistrationFailure;
import io.lpreg.engine.registration.RegistrationOutcome;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationCodec;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.spi.TicketType;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LP connection handler alone, behind the guard and the frame decoder as the listener builds it, on an
 * embedded channel and a fixed clock: each refusal closes the connection and counts with its reason.
 */
class LpConnectionHandlerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(3);

    private final KeyPair gatewayKey = KeyPair.generate(RANDOM);
    private final GatewayMetrics metrics = GatewayMetrics.withoutJvmMetrics();
    private final HelloReplayCache replayCache = new HelloReplayCache(TimestampWindow.DEFAULT_TOLERANCE, 1000);
    private final InFlight inFlight = new InFlight();
    private final AtomicInteger registrations = new AtomicInteger();
    private volatile RegistrationOutcome outcome =
            new RegistrationOutcome(LpRegistrationResponse.mixnetSuccess(4096, 7), Optional.empty());
    private final List<SourcedChannel> channels = new ArrayList<>();
    /** Burst 2, penalty 1, a clock that stands still: a source whose handshake failed once has no token left. */
    private final ConnectionGuard guard = new ConnectionGuard(100, 100,
            new ConnectionRateLimiter(1, 2, 1, () -> 0L), metrics);

    @AfterEach
    void close() {
        channels.forEach(SourcedChannel::finishAndReleaseAll);
    }

    private ListenerSettings settings(ExecutorService workers) {
        return new ListenerSettings(new InetSocketAddress("127.0.0.1", 0), 100, 1, 2, HANDSHAKE_TIMEOUT,
                CONNECTION_TIMEOUT, TimestampWindow.defaults(), gatewayKey, Clock.fixed(NOW, ZoneOffset.UTC), metrics,
                (request, handshakeHash, connected) -> {
                    registrations.incrementAndGet();
                    return outcome;
                }, workers, new ConnectionSlots(100, 100, 100, HELLO_TIMEOUT, Duration.ofMinutes(10)));
    }

    private SourcedChannel connect(String source, ExecutorService workers) throws Exception {
        SourcedChannel channel = SourcedChannel.from(source, guard, new LpFrameDecoder(),
                new LpConnectionHandler(settings(workers), guard, replayCache, inFlight));
        channels.add(channel);
        return channel;
    }

    private SourcedChannel connect(String source) throws Exception {
        return connect(source, MoreExecutors.newDirectExecutorService());
    }

    private LpSession client() {
        return LpSession.initiator(KeyPair.generate(RANDOM), gatewayKey.publicKey(), WireVersion.V2,
                EphemeralKeySource.random(RANDOM));
    }

    private static void send(SourcedChannel channel, LpPacket packet) {
        channel.writeInbound(Unpooled.wrappedBuffer(LpFraming.frame(packet.encode())));
    }

    private static byte[] written(SourcedChannel channel) throws Exception {
        ByteBuf frame = channel.readOutbound();
        assertThat(frame).as("the gateway wrote a frame").isNotNull();
        try {
            return LpFraming.unframe(ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
    }

    /** Hello, msg1, msg2 back, msg3: the session is in transport on both sides. */
    private LpSession handshake(SourcedChannel channel) throws Exception {
        LpSession client = client();
        for (LpPacket packet : client.start(NOW, RANDOM)) {
            send(channel, packet);
        }
        LpSession.Output msg2 = client.receive(written(channel), NOW);
        send(channel, msg2.packets().get(0));
        assertThat(client.isTransport()).isTrue();
        return client;
    }

    private static LpRegistrationRequest mixnetRequest(long timestamp) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new LpRegistrationRequest(key, new RequestCredential.Envelope("test-voucher", new byte[] {1}),
                TicketType.MIXNET_ENTRY, new RegistrationMode.Mixnet(new byte[32]), InetAddress.getLoopbackAddress(),
                timestamp, Optional.empty());
    }

    private MetricsSummary summary() {
        return metrics.summary();
    }

    private void assertSourcePenalized(String source) throws Exception {
        long before = summary().connections().get(ConnectionResult.RATE_LIMITED);
        SourcedChannel next = connect(source);
        assertThat(next.isOpen()).as("the failed handshake cost %s its last token", source).isFalse();
        assertThat(summary().connections().get(ConnectionResult.RATE_LIMITED)).isEqualTo(before + 1);
    }

    private void assertSourceNotPenalized(String source) throws Exception {
        assertThat(connect(source).isOpen()).as("%s still has the token a penalty would have taken", source).isTrue();
    }

    /** A connection through {@code through} whose request frames share {@code partialFrames}. */
    private SourcedChannel connect(String source, ConnectionGuard through, LpFrameDecoder.PartialFrames partialFrames)
            throws Exception {
        SourcedChannel channel = SourcedChannel.from(source, through, new LpFrameDecoder(partialFrames),
                new LpConnectionHandler(settings(MoreExecutors.newDirectExecutorService()), through, replayCache, inFlight));
        channels.add(channel);
        return channel;
    }

    private static byte[] requestFrame(LpSession client) throws Exception {
        return LpFraming.frame(client.seal(RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()),
                WireVersion.V2)).encode());
    }

    @Test
    void aCompleteRegistrationIsAnsweredOnceAndClosedAsCompleted() throws Exception {
        SourcedChannel channel = connect("192.0.2.1");
        LpSession client = handshake(channel);

        send(channel, client.seal(RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()), WireVersion.V2)));
        channel.runPendingTasks();

        LpEvent answer = client.receive(written(channel), NOW).event();
        LpRegistrationResponse response = RegistrationCodec.decodeResponse(((LpEvent.DataReceived) answer).plaintext());
        assertThat(response.success()).isTrue();
        assertThat(registrations).hasValue(1);
        assertThat(channel.isOpen()).isFalse();
        assertThat(summary().connections().get(ConnectionResult.COMPLETED)).isEqualTo(1);
        assertThat(summary().handshakesSucceeded()).isEqualTo(1);
        assertThat(inFlight.count()).isZero();
    }

    /** One complete registration from {@code source}: true if it got an answer, false if refused at accept. */
    private boolean registerFrom(String source, ConnectionGuard through) throws Exception {
        SourcedChannel channel = SourcedChannel.from(source, through, new LpFrameDecoder(),
                new LpConnectionHandler(settings(MoreExecutors.newDirectExecutorService()), through, replayCache,
                        inFlight));
        channels.add(channel);
        if (!channel.isOpen()) {
            return false;
        }
        LpSession client = handshake(channel);
        send(channel, client.seal(RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()), WireVersion.V2)));
        channel.runPendingTasks();
        assertThat(client.receive(written(channel), NOW).event()).isInstanceOf(LpEvent.DataReceived.class);
        return true;
    }

    @Test
    void aSourceWhoseCredentialsAreRefusedAsBadIsRefusedAtAcceptWhileAnotherSourceRegisters() throws Exception {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(1, 6, 2, () -> 0L);
        ConnectionGuard guarded = new ConnectionGuard(100, 100, limiter, metrics);
        outcome = new RegistrationOutcome(LpRegistrationResponse.error("Credential verification failed: forged", 7),
                Optional.of(RegistrationFailure.CREDENTIAL_REJECTED), true);
        int answered = 0;
        while (answered < 6 && registerFrom("192.0.2.20", guarded)) {
            answered++;
        }

        assertThat(answered).as("6 tokens, each refusal costs its connection and a penalty of 2").isEqualTo(2);
        assertThat(summary().connections().get(ConnectionResult.RATE_LIMITED)).isEqualTo(1);
        outcome = new RegistrationOutcome(LpRegistrationResponse.mixnetSuccess(4096, 7), Optional.empty());
        assertThat(registerFrom("192.0.2.21", guarded)).as("another source is not charged").isTrue();
        assertThat(registrations).hasValue(3);
    }

    @Test
    void aRefusalThatIsNotTheClientsFaultCostsItsSourceNothing() throws Exception {
        outcome = new RegistrationOutcome(LpRegistrationResponse.error("Credential verification failed: no key", 7),
                Optional.of(RegistrationFailure.CREDENTIAL_REJECTED), false);

        assertThat(registerFrom("192.0.2.22", guard)).isTrue();

        assertThat(registerFrom("192.0.2.22", guard)).as("burst 2, no penalty: the second connection is admitted").isTrue();
    }

    @Test
    void aStaleClientHelloIsRefusedWithoutAnAnswerAndCostsItsSource() throws Exception {
        SourcedChannel channel = connect("192.0.2.2");
        send(channel, client().start(NOW.minusSeconds(31), RANDOM).get(0));

        assertThat((Object) channel.readOutbound()).as("no answer to a stale hello").isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(summary().handshakesFailed().get(HandshakeFailure.STALE_TIMESTAMP)).isEqualTo(1);
        assertThat(summary().connections().get(ConnectionResult.FAILED)).isEqualTo(1);
        assertSourcePenalized("192.0.2.2");
    }

    @Test
    void aReplayedClientHelloIsRefusedAtItsMsg1BeforeAnyDh() throws Exception {
        LpSession client = client();
        List<LpPacket> opening = client.start(NOW, RANDOM);
        SourcedChannel first = connect("192.0.2.3");
        send(first, opening.get(0));
        send(first, opening.get(1));
        written(first);

        SourcedChannel replay = connect("192.0.2.4");
        send(replay, opening.get(0));
        send(replay, client().start(NOW, RANDOM).get(1));

        assertThat((Object) replay.readOutbound()).as("no msg 2 for a replayed hello").isNull();
        assertThat(replay.isOpen()).isFalse();
        assertThat(first.isOpen()).as("the first sighting is not harmed").isTrue();
        assertThat(summary().handshakesFailed().get(HandshakeFailure.REPLAYED_HELLO)).isEqualTo(1);
        assertSourcePenalized("192.0.2.4");
    }

    /**
     * Issue 22 A1: XKpsk3's msg 1 does not depend on the ClientHello, so one valid msg 1 could be sent behind
     * fresh hellos forever, each costing the gateway its DHs. A legitimate initiator never reuses {@code e}.
     */
    @Test
    void aValidMsg1ReplayedBehindAFreshHelloIsRefusedBeforeAnyDh() throws Exception {
        KeyPair clientKey = KeyPair.generate(RANDOM);
        KeyPair ephemeral = KeyPair.generate(RANDOM);
        List<LpPacket> original = LpSession.initiator(clientKey, gatewayKey.publicKey(), WireVersion.V2, () -> ephemeral)
                .start(NOW, RANDOM);
        SourcedChannel first = connect("192.0.2.30");
        send(first, original.get(0));
        send(first, original.get(1));
        assertThat(written(first)).as("msg 2 for the first sighting").isNotEmpty();

        List<LpPacket> freshHello = LpSession.initiator(clientKey, gatewayKey.publicKey(), WireVersion.V2,
                () -> ephemeral).start(NOW, RANDOM);
        assertThat(freshHello.get(0).encode()).isNotEqualTo(original.get(0).encode());
        assertThat(freshHello.get(1).encode()).as("msg 1 does not depend on the hello").isEqualTo(original.get(1).encode());
        SourcedChannel replay = connect("192.0.2.31");
        send(replay, freshHello.get(0));
        send(replay, original.get(1));

        assertThat((Object) replay.readOutbound()).as("no msg 2 for a replayed msg 1").isNull();
        assertThat(replay.isOpen()).isFalse();
        assertThat(summary().handshakesFailed().get(HandshakeFailure.REPLAYED_EPHEMERAL)).isEqualTo(1);
        assertSourcePenalized("192.0.2.31");
    }

    @Test
    void aClientThatClosesBetweenMsg2AndMsg3CostsItsSourceThePenalty() throws Exception {
        SourcedChannel channel = connect("192.0.2.32");
        for (LpPacket packet : client().start(NOW, RANDOM)) {
            send(channel, packet);
        }
        written(channel);

        channel.close();

        assertThat(summary().handshakesFailed().get(HandshakeFailure.PEER_CLOSED)).isEqualTo(1);
        assertSourcePenalized("192.0.2.32");
    }

    /** Issue 22 A4: a hello costs no crypto, so hellos alone must not fill the replay cache. */
    @Test
    void helloOnlyConnectionsLeaveNothingInTheReplayCache() throws Exception {
        for (int i = 0; i < 5; i++) {
            SourcedChannel channel = connect("192.0.2." + (40 + i));
            send(channel, client().start(NOW, RANDOM).get(0));
            channel.close();
        }

        assertThat(replayCache.size()).isZero();
    }

    @Test
    void aWrongSizeFirstFrameIsRefusedAsBadLength() throws Exception {
        SourcedChannel channel = connect("192.0.2.5");

        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 99}));

        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(summary().handshakesFailed().get(HandshakeFailure.BAD_LENGTH)).isEqualTo(1);
        assertSourcePenalized("192.0.2.5");
    }

    @Test
    void aHandshakeNotFinishedInTimeIsClosedAsTimeout() throws Exception {
        SourcedChannel channel = connect("192.0.2.6");
        send(channel, client().start(NOW, RANDOM).get(0));

        channel.advanceTimeBy(HANDSHAKE_TIMEOUT.toNanos() - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("not before the timeout").isTrue();
        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(summary().handshakesFailed().get(HandshakeFailure.TIMEOUT)).isEqualTo(1);
        assertThat(summary().connections().get(ConnectionResult.TIMEOUT)).isEqualTo(1);
        assertSourcePenalized("192.0.2.6");
    }

    @Test
    void aClientThatSendsNoRequestAfterTheHandshakeIsClosedAsTimeout() throws Exception {
        SourcedChannel channel = connect("192.0.2.7");
        handshake(channel);

        channel.advanceTimeBy(LpConnectionHandler.REQUEST_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(summary().connections().get(ConnectionResult.TIMEOUT)).isEqualTo(1);
        assertThat(summary().handshakesFailed().values()).as("the handshake itself succeeded").containsOnly(0L);
        assertThat(registrations).hasValue(0);
        assertSourcePenalized("192.0.2.7");
    }

    /**
     * The partial-frame flood: real handshakes, then half a request frame and silence. Its sources must pay
     * as for a failed handshake, or they drain the crypto budget for free.
     */
    @Test
    void aRequestFrameStillIncompleteAtItsDeadlineCostsItsSourceThePenalty() throws Exception {
        SourcedChannel channel = connect("192.0.2.70");
        byte[] frame = requestFrame(handshake(channel));
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, frame.length / 2));

        channel.advanceTimeBy(LpConnectionHandler.REQUEST_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(summary().connections().get(ConnectionResult.TIMEOUT)).isEqualTo(1);
        assertSourcePenalized("192.0.2.70");
    }

    @Test
    void aClientThatClosesAfterMsg3WithoutARequestCostsItsSourceThePenalty() throws Exception {
        SourcedChannel channel = connect("192.0.2.71");
        handshake(channel);

        channel.close();

        assertThat(summary().handshakesFailed().values()).as("the handshake itself succeeded").containsOnly(0L);
        assertSourcePenalized("192.0.2.71");
    }

    @Test
    void aClientThatClosesInsideItsRequestFrameCostsItsSourceThePenalty() throws Exception {
        SourcedChannel channel = connect("192.0.2.72");
        byte[] frame = requestFrame(handshake(channel));
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, frame.length - 1));

        channel.close();

        assertThat(registrations).hasValue(0);
        assertSourcePenalized("192.0.2.72");
    }

    @Test
    void aRequestFrameLongerThanTheMaximumCostsItsSourceThePenalty() throws Exception {
        SourcedChannel channel = connect("192.0.2.73");
        handshake(channel);

        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 1}));

        assertThat(channel.isOpen()).isFalse();
        assertThat(summary().registrationsFailed().get(RegistrationFailure.MALFORMED_REQUEST)).isEqualTo(1);
        assertSourcePenalized("192.0.2.73");
    }

    @Test
    void aRequestThatDoesNotDecryptCostsItsSourceThePenalty() throws Exception {
        SourcedChannel channel = connect("192.0.2.74");
        byte[] frame = requestFrame(handshake(channel));
        frame[frame.length / 2] ^= 1; // inside the ciphertext

        channel.writeInbound(Unpooled.wrappedBuffer(frame));

        assertThat(channel.isOpen()).isFalse();
        assertThat(registrations).hasValue(0);
        assertSourcePenalized("192.0.2.74");
    }

    /** An honest slow client: its request arrives in pieces, the last just before the deadline. */
    @Test
    void aRequestArrivingInPiecesJustBeforeItsDeadlineIsAnsweredAndCostsItsSourceNothing() throws Exception {
        SourcedChannel channel = connect("192.0.2.75");
        LpSession client = handshake(channel);
        byte[] frame = requestFrame(client);
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 10));
        channel.advanceTimeBy(LpConnectionHandler.REQUEST_TIMEOUT.toNanos() - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();

        channel.writeInbound(Unpooled.wrappedBuffer(frame, 10, frame.length - 10));
        channel.runPendingTasks();

        assertThat(client.receive(written(channel), NOW).event()).isInstanceOf(LpEvent.DataReceived.class);
        assertThat(registrations).hasValue(1);
        assertSourceNotPenalized("192.0.2.75");
    }

    /**
     * An attacker holding the gateway-wide partial-frame budget must not get an honest source charged whose
     * request happens to arrive in pieces meanwhile; a source itself holding part of the budget pays.
     */
    @Test
    void whenThePartialFrameBudgetIsSpentOnlyASourceHoldingPartOfItPaysForItsRefusal() throws Exception {
        // burst 3, penalty 2, a clock that stands still
        ConnectionGuard guarded = new ConnectionGuard(100, 100, new ConnectionRateLimiter(1, 3, 2, () -> 0L), metrics);
        LpFrameDecoder.PartialFrames oneFrame = new LpFrameDecoder.PartialFrames(LpFraming.MAX_FRAME_LENGTH);
        SourcedChannel holder = connect("192.0.2.80", guarded, oneFrame);
        handshake(holder);
        holder.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0, 7, 7, 7}));
        assertThat(oneFrame.reserved()).isEqualTo(LpFraming.MAX_FRAME_LENGTH);

        SourcedChannel honest = connect("192.0.2.81", guarded, oneFrame);
        byte[] frame = requestFrame(handshake(honest));
        honest.writeInbound(Unpooled.wrappedBuffer(frame, 0, 10));
        SourcedChannel sameAttacker = connect("192.0.2.80", guarded, oneFrame);
        handshake(sameAttacker);
        sameAttacker.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0, 7, 7, 7}));

        assertThat(honest.isOpen()).as("refused: the budget is spent").isFalse();
        assertThat(sameAttacker.isOpen()).isFalse();
        assertThat(connect("192.0.2.81", guarded, oneFrame).isOpen()).as("the honest source is not charged").isTrue();
        assertThat(connect("192.0.2.80", guarded, oneFrame).isOpen()).as("the holder's source paid 2").isFalse();
    }

    @Test
    void aClientThatClosesDuringTheHandshakeCountsAsPeerClosed() throws Exception {
        SourcedChannel channel = connect("192.0.2.8");
        send(channel, client().start(NOW, RANDOM).get(0));

        channel.close();

        assertThat(summary().handshakesFailed().get(HandshakeFailure.PEER_CLOSED)).isEqualTo(1);
        assertThat(summary().connections().get(ConnectionResult.FAILED)).isEqualTo(1);
        assertThat(summary().activeConnections()).isZero();
    }

    @Test
    void anUndecodableRequestIsClosedWithoutAnAnswerAsMalformed() throws Exception {
        SourcedChannel channel = connect("192.0.2.9");
        LpSession client = handshake(channel);

        send(channel, client.seal(new byte[] {1, 2, 3}));
        channel.runPendingTasks();

        assertThat((Object) channel.readOutbound()).as("E2 closes without an answer (LP-WIRE.md §A.7 step 6)").isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(summary().registrationsFailed().get(RegistrationFailure.MALFORMED_REQUEST)).isEqualTo(1);
        assertThat(registrations).hasValue(0);
        assertSourcePenalized("192.0.2.9");
    }

    @Test
    void aRequestTheWorkersCannotTakeIsAnsweredOverloaded() throws Exception {
        ExecutorService stopped = MoreExecutors.newDirectExecutorService();
        stopped.shutdown();
        SourcedChannel channel = connect("192.0.2.10", stopped);
        LpSession client = handshake(channel);

        send(channel, client.seal(RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()), WireVersion.V2)));

        LpEvent answer = client.receive(written(channel), NOW).event();
        LpRegistrationResponse response = RegistrationCodec.decodeResponse(((LpEvent.DataReceived) answer).plaintext());
        assertThat(response.success()).isFalse();
        assertThat(response.error()).hasValue("Gateway overloaded, retry later");
        assertThat(summary().registrationsFailed().get(RegistrationFailure.OVERLOADED)).isEqualTo(1);
        assertThat(inFlight.count()).as("a refused hand-off is not in flight").isZero();
        assertThat(channel.isOpen()).isFalse();
        assertThat(registrations).hasValue(0);
    }

    @Test
    void aSecondRequestOnTheSameConnectionIsIgnored() throws Exception {
        QueuedWorkers held = new QueuedWorkers();
        SourcedChannel channel = connect("192.0.2.11", held);
        LpSession client = handshake(channel);
        byte[] request = RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()), WireVersion.V2);

        send(channel, client.seal(request));
        send(channel, client.seal(request));

        assertThat(held.queued).as("one registration handed to the workers").hasSize(1);
        assertThat(inFlight.count()).isEqualTo(1);
        held.queued.get(0).run();
        channel.runPendingTasks();
        assertThat(registrations).hasValue(1);
        assertThat(inFlight.count()).isZero();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aConnectionSilentPastTheHelloDeadlineIsClosedAsTimeoutAndCostsItsSource() throws Exception {
        SourcedChannel channel = connect("192.0.2.20");

        channel.advanceTimeBy(HELLO_TIMEOUT.toNanos() - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("not before the hello deadline").isTrue();
        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).as("closed at the hello deadline, long before the handshake timeout").isFalse();
        assertThat(summary().handshakesFailed().get(HandshakeFailure.TIMEOUT)).isEqualTo(1);
        assertThat(summary().connections().get(ConnectionResult.TIMEOUT)).isEqualTo(1);
        assertSourcePenalized("192.0.2.20");
    }

    @Test
    void aHelloInTimeIsNotCutOffByTheHelloDeadline() throws Exception {
        SourcedChannel channel = connect("192.0.2.21");
        send(channel, client().start(NOW, RANDOM).get(0));

        channel.advanceTimeBy(HELLO_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isTrue();
    }

    /**
     * A handshake alone costs an attacker nothing it cannot repeat (the partial-frame flood completed
     * thousands a second and its sources took proven slots): a source is proven by a successful registration.
     */
    @Test
    void msg2TakesTheConnectionOutOfEvictionAndOnlyASuccessfulRegistrationProvesItsSource() throws Exception {
        SourcedChannel channel = connect("192.0.2.22");
        assertThat(guard.isProven(channel)).isFalse();
        assertThat(guard.evictable(channel)).as("before msg 2").isTrue();

        LpSession client = handshake(channel);

        assertThat(guard.evictable(channel)).as("after msg 2").isFalse();
        assertThat(guard.isProven(channel)).as("after the handshake alone").isFalse();
        send(channel, client.seal(RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()), WireVersion.V2)));
        channel.runPendingTasks();
        assertThat(guard.isProven(channel)).as("after a successful registration").isTrue();
    }

    @Test
    void aRegistrationAnsweredWithAnErrorDoesNotProveItsSource() throws Exception {
        outcome = new RegistrationOutcome(LpRegistrationResponse.error("Credential verification failed: no key", 7),
                Optional.of(RegistrationFailure.CREDENTIAL_REJECTED), false);
        SourcedChannel channel = connect("192.0.2.26");
        LpSession client = handshake(channel);

        send(channel, client.seal(RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()), WireVersion.V2)));
        channel.runPendingTasks();

        assertThat(client.receive(written(channel), NOW).event()).isInstanceOf(LpEvent.DataReceived.class);
        assertThat(guard.isProven(channel)).isFalse();
    }

    @Test
    void readingStopsOnceTheRequestIsHandedToAWorker() throws Exception {
        QueuedWorkers held = new QueuedWorkers();
        SourcedChannel channel = connect("192.0.2.23", held);
        LpSession client = handshake(channel);
        assertThat(channel.config().isAutoRead()).isTrue();

        send(channel, client.seal(RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()), WireVersion.V2)));

        assertThat(held.queued).hasSize(1);
        assertThat(channel.config().isAutoRead()).as("nothing more is read while the answer is worked out").isFalse();
        held.queued.get(0).run();
        channel.runPendingTasks();
        assertThat(client.receive(written(channel), NOW).event()).isInstanceOf(LpEvent.DataReceived.class);
    }

    @Test
    void oneSourceCannotHoldMoreThanItsShareOfTheWorkerQueue() throws Exception {
        QueuedWorkers held = new QueuedWorkers();
        RegistrationShares shares = new RegistrationShares(2);
        byte[] request = RegistrationCodec.encodeRequest(mixnetRequest(NOW.getEpochSecond()), WireVersion.V2);
        List<LpSession> clients = new ArrayList<>();
        List<SourcedChannel> sameSource = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SourcedChannel channel = connectSharing("192.0.2.24", held, shares);
            LpSession client = handshake(channel);
            send(channel, client.seal(request));
            clients.add(client);
            sameSource.add(channel);
        }
        SourcedChannel other = connectSharing("192.0.2.25", held, shares);
        send(other, handshake(other).seal(request));

        assertThat(held.queued).as("two of 192.0.2.24's and 192.0.2.25's").hasSize(3);
        LpEvent answer = clients.get(2).receive(written(sameSource.get(2)), NOW).event();
        LpRegistrationResponse response = RegistrationCodec.decodeResponse(((LpEvent.DataReceived) answer).plaintext());
        assertThat(response.error()).hasValue("Gateway overloaded, retry later");
        assertThat(summary().registrationsFailed().get(RegistrationFailure.OVERLOADED)).isEqualTo(1);

        held.queued.get(0).run();
        sameSource.get(0).runPendingTasks();
        SourcedChannel later = connectSharing("192.0.2.24", held, shares);
        send(later, handshake(later).seal(request));
        assertThat(held.queued).as("an answered registration gave its share back").hasSize(4);
    }

    private SourcedChannel connectSharing(String source, ExecutorService workers, RegistrationShares shares)
            throws Exception {
        // a bucket that does not run dry: four connections from one source
        ConnectionGuard roomy = new ConnectionGuard(100, 100, new ConnectionRateLimiter(100, 100, 0, () -> 0L), metrics);
        SourcedChannel channel = SourcedChannel.from(source, roomy, new LpFrameDecoder(),
                new LpConnectionHandler(settings(workers), roomy, replayCache, inFlight, HandshakeBudget.forEventLoops(1),
                        shares));
        channels.add(channel);
        return channel;
    }

    /** Workers that hold what they are given until the test runs it. */
    private static final class QueuedWorkers extends AbstractExecutorService {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.copyOf(queued);
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
