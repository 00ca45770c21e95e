package io.lpreg.engine.listener;

import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.registration.RegistrationOutcome;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress first (issue 12 §B): new handshakes spend a bounded budget; connections further along never wait for it. */
class HandshakeBudgetTest {
    private static final SecureRandom RANDOM = SecureRandoms.create();
    private static final KeyPair GATEWAY = KeyPair.generate(RANDOM);

    private final GatewayMetrics metrics = GatewayMetrics.withoutJvmMetrics();
    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private final ListenerSettings settings = new ListenerSettings(new InetSocketAddress("127.0.0.1", 0), 100, 100, 100,
            Duration.ofSeconds(5), Duration.ofSeconds(30), TimestampWindow.defaults(), GATEWAY, Clock.systemUTC(),
            metrics, (request, hash, connected) -> new RegistrationOutcome(LpRegistrationResponse.error("unused", 0),
            Optional.empty()), workers);
    private final ConnectionGuard guard = new ConnectionGuard(100, 100, new ConnectionRateLimiter(100, 100, 0), metrics);
    private final HelloReplayCache replayCache = new HelloReplayCache(Duration.ofSeconds(30), 1000);

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    /** A clock that moves one millisecond each time it is read: every msg 1 costs the budget a millisecond. */
    private static HandshakeBudget oneMillisecondBudget() {
        AtomicLong nanos = new AtomicLong();
        return new HandshakeBudget(0, 1_000_000, () -> nanos.addAndGet(1_000_000));
    }

    private EmbeddedChannel gatewaySide(HandshakeBudget budget) {
        return new EmbeddedChannel(new LpFrameDecoder(),
                new LpConnectionHandler(settings, guard, replayCache, new InFlight(), budget));
    }

    private static LpSession client() {
        return LpSession.initiator(KeyPair.generate(RANDOM), GATEWAY.publicKey(), WireVersion.V2,
                EphemeralKeySource.random(RANDOM));
    }

    private static ByteBuf frames(List<LpPacket> packets) {
        ByteBuf buffer = Unpooled.buffer();
        packets.forEach(packet -> buffer.writeBytes(LpFraming.frame(packet.encode())));
        return buffer;
    }

    private static LpPacket readPacket(EmbeddedChannel channel) throws Exception {
        ByteBuf frame = channel.readOutbound();
        assertThat(frame).as("the gateway answered").isNotNull();
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        return LpPacket.decode(java.util.Arrays.copyOfRange(bytes, LpFraming.LENGTH_PREFIX, bytes.length));
    }

    private double counter(String name, String reason) {
        for (MetricSnapshot snapshot : metrics.registry().scrape()) {
            if (snapshot.getMetadata().getName().equals(name) && snapshot instanceof CounterSnapshot counter) {
                return counter.getDataPoints().stream()
                        .filter(point -> reason == null || reason.equals(point.getLabels().get("reason")))
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
            }
        }
        return 0;
    }

    @Test
    void aNewHandshakeGetsBusyWithoutItsDhOnceTheBudgetIsSpentWhileAnOlderOneCompletes() throws Exception {
        HandshakeBudget budget = oneMillisecondBudget();
        EmbeddedChannel older = gatewaySide(budget);
        LpSession olderClient = client();
        older.writeInbound(frames(olderClient.start(Instant.now(), RANDOM)));
        LpPacket msg2 = readPacket(older);
        assertThat(msg2.type()).isEqualTo(MessageType.HANDSHAKE);

        EmbeddedChannel newer = gatewaySide(budget);
        LpSession newerClient = client();
        newer.writeInbound(frames(newerClient.start(Instant.now(), RANDOM)));
        LpPacket answer = readPacket(newer);
        assertThat(answer.type()).as("the budget is spent: Busy instead of msg 2").isEqualTo(MessageType.BUSY);
        assertThat(newerClient.receive(answer, Instant.now()).event()).isInstanceOf(LpEvent.GatewayBusy.class);
        newer.runPendingTasks();
        assertThat(newer.isOpen()).isFalse();
        assertThat(counter("lp_handshakes_failed", "crypto_budget")).isEqualTo(1);

        // msg 3 of the older connection is not charged: its handshake completes with the budget still spent
        LpSession.Output msg3 = olderClient.receive(msg2, Instant.now());
        older.writeInbound(frames(msg3.packets()));
        assertThat(counter("lp_handshakes_success", null)).isEqualTo(1);
        assertThat(older.isOpen()).isTrue();
        older.finishAndReleaseAll();
    }

    @Test
    void theBudgetRefillsAtItsShareOfWallTimeAndItsDebtIsBounded() {
        AtomicLong nanos = new AtomicLong();
        HandshakeBudget budget = new HandshakeBudget(500_000_000L, 1_000_000, nanos::get);
        long started = budget.begin();
        assertThat(started).isNotEqualTo(HandshakeBudget.SPENT);
        nanos.addAndGet(3_000_000);
        budget.end(started);
        assertThat(budget.begin()).as("3 ms taken from a 1 ms budget: one burst of debt").isEqualTo(HandshakeBudget.SPENT);
        nanos.addAndGet(1_000_000);
        assertThat(budget.begin()).as("half of 1 ms repaid").isEqualTo(HandshakeBudget.SPENT);
        nanos.addAndGet(2_000_000);
        assertThat(budget.begin()).as("the debt repaid after 2 ms of wall time, and more").isNotEqualTo(HandshakeBudget.SPENT);
    }

    @Test
    void withTheBudgetAvailableEveryNewHandshakeProceeds() throws Exception {
        HandshakeBudget budget = HandshakeBudget.forEventLoops(1);
        for (int i = 0; i < 3; i++) {
            EmbeddedChannel channel = gatewaySide(budget);
            channel.writeInbound(frames(client().start(Instant.now(), RANDOM)));
            assertThat(readPacket(channel).type()).isEqualTo(MessageType.HANDSHAKE);
            channel.finishAndReleaseAll();
        }
        assertThat(counter("lp_handshakes_failed", "crypto_budget")).isZero();
    }
}
