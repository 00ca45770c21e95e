package io.lpreg.engine.listener;

import io.lpreg.engine.metrics.ConnectionResult;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection guard alone: who is admitted, who gets {@code Busy}, and what it counts. */
class ConnectionGuardTest {
    private final GatewayMetrics metrics = GatewayMetrics.withoutJvmMetrics();
    private final List<SourcedChannel> channels = new ArrayList<>();

    @AfterEach
    void close() {
        channels.forEach(SourcedChannel::finishAndReleaseAll);
    }

    /** What the guard lets through to the rest of the pipeline. */
    private static final class Downstream extends ChannelInboundHandlerAdapter {
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger inactive = new AtomicInteger();
        final List<Object> read = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active.incrementAndGet();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive.incrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            read.add(msg);
        }
    }

    private ConnectionGuard guard(int maxConnections, int perSource, ConnectionRateLimiter limiter) {
        return new ConnectionGuard(maxConnections, perSource, limiter, metrics);
    }

    private SourcedChannel connect(ConnectionGuard guard, String address, Downstream downstream) throws Exception {
        SourcedChannel channel = SourcedChannel.from(address, guard, downstream);
        channels.add(channel);
        return channel;
    }

    private static void assertRefusedWithBusy(SourcedChannel channel, Downstream downstream) throws Exception {
        ByteBuf written = channel.readOutbound();
        assertThat(written).as("Busy is written").isNotNull();
        byte[] frame = ByteBufUtil.getBytes(written);
        written.release();
        LpPacket busy = LpPacket.decode(LpFraming.unframe(frame));
        assertThat(busy.type()).isEqualTo(MessageType.BUSY);
        assertThat(busy.content()).isEmpty();
        assertThat((Object) channel.readOutbound()).as("nothing but Busy").isNull();
        assertThat(channel.isOpen()).as("and the connection is closed").isFalse();
        assertThat(downstream.active).as("the LP handler never saw it").hasValue(0);
        assertThat(downstream.inactive).as("nor its end").hasValue(0);
    }

    private long refused(ConnectionResult result) {
        return metrics.summary().connections().get(result);
    }

    @Test
    void anAdmittedConnectionReachesTheHandlerAndItsBytesPassThrough() throws Exception {
        ConnectionGuard guard = guard(10, 10, new ConnectionRateLimiter(10, 10, 0, () -> 0L));
        Downstream downstream = new Downstream();
        SourcedChannel channel = connect(guard, "192.0.2.1", downstream);

        assertThat(downstream.active).hasValue(1);
        assertThat(guard.openConnections()).isEqualTo(1);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        assertThat(downstream.read).hasSize(1);
        ((ByteBuf) downstream.read.get(0)).release();
        assertThat((Object) channel.readOutbound()).as("nothing written to an admitted client").isNull();

        channel.close();
        assertThat(downstream.inactive).hasValue(1);
        assertThat(guard.openConnections()).isZero();
        assertThat(metrics.summary().connectionsTotal()).as("admission counts no refusal").isZero();
    }

    @Test
    void aSourceOverItsRateGetsBusyAndIsCountedRateLimited() throws Exception {
        ConnectionGuard guard = guard(10, 10, new ConnectionRateLimiter(1, 2, 0, () -> 0L));
        connect(guard, "192.0.2.1", new Downstream()).close();
        connect(guard, "192.0.2.1", new Downstream()).close();

        Downstream third = new Downstream();
        SourcedChannel refused = connect(guard, "192.0.2.1", third);

        assertRefusedWithBusy(refused, third);
        assertThat(refused(ConnectionResult.RATE_LIMITED)).isEqualTo(1);
        assertThat(guard.openConnections()).isZero();
        Downstream other = new Downstream();
        connect(guard, "192.0.2.2", other);
        assertThat(other.active).as("another source has its own bucket").hasValue(1);
    }

    @Test
    void aSourceOverItsOpenConnectionCapGetsBusyUntilOneOfItsConnectionsCloses() throws Exception {
        ConnectionGuard guard = guard(10, 2, new ConnectionRateLimiter(100, 100, 0, () -> 0L));
        SourcedChannel first = connect(guard, "2001:db8:1:2::1", new Downstream());
        connect(guard, "2001:db8:1:2::2", new Downstream());

        Downstream third = new Downstream();
        SourcedChannel refused = connect(guard, "2001:db8:1:2::3", third);
        assertRefusedWithBusy(refused, third);
        assertThat(refused(ConnectionResult.SOURCE_CAP)).isEqualTo(1);
        assertThat(guard.openConnections()).as("a refused connection holds no slot").isEqualTo(2);

        Downstream otherSite = new Downstream();
        connect(guard, "2001:db8:1:3::1", otherSite);
        assertThat(otherSite.active).as("another /64").hasValue(1);

        first.close();
        Downstream afterClose = new Downstream();
        connect(guard, "2001:db8:1:2::4", afterClose);
        assertThat(afterClose.active).as("the closed connection gave its slot back").hasValue(1);
    }

    @Test
    void aConnectionOverTheGlobalCapGetsBusyAndGivesBackItsSourceSlot() throws Exception {
        ConnectionGuard guard = guard(2, 1, new ConnectionRateLimiter(100, 100, 0, () -> 0L));
        SourcedChannel first = connect(guard, "192.0.2.1", new Downstream());
        connect(guard, "192.0.2.2", new Downstream());

        Downstream third = new Downstream();
        SourcedChannel refused = connect(guard, "192.0.2.3", third);
        assertRefusedWithBusy(refused, third);
        assertThat(refused(ConnectionResult.BUSY)).isEqualTo(1);
        assertThat(guard.openConnections()).isEqualTo(2);

        first.close();
        Downstream again = new Downstream();
        connect(guard, "192.0.2.3", again);
        assertThat(again.active).as("192.0.2.3's source slot was not kept by its refusal (cap 1 per source)").hasValue(1);
        assertThat(guard.openConnections()).isEqualTo(2);
    }

    @Test
    void aFailedHandshakeCostsTheConnectionsSourceItsPenalty() throws Exception {
        ConnectionGuard guard = guard(10, 10, new ConnectionRateLimiter(1, 3, 2, () -> 0L));
        SourcedChannel failing = connect(guard, "198.51.100.7", new Downstream());

        guard.handshakeFailed(failing);
        // 3 tokens - 1 (this connection) - 2 (the penalty): nothing left for the source
        Downstream next = new Downstream();
        assertRefusedWithBusy(connect(guard, "198.51.100.7", next), next);
        assertThat(refused(ConnectionResult.RATE_LIMITED)).isEqualTo(1);

        Downstream bystander = new Downstream();
        connect(guard, "198.51.100.8", bystander);
        assertThat(bystander.active).hasValue(1);
    }

    private ConnectionGuard guard(int maxConnections, ConnectionSlots slots) {
        return new ConnectionGuard(maxConnections, slots, new ConnectionRateLimiter(1000, 1000, 0, () -> 0L), metrics);
    }

    private static ConnectionSlots slots(int perAddress, int perNetwork, int perSite) {
        return new ConnectionSlots(perAddress, perNetwork, perSite, Duration.ofSeconds(3), Duration.ofMinutes(10));
    }

    private boolean admitted(ConnectionGuard guard, String address) throws Exception {
        Downstream downstream = new Downstream();
        connect(guard, address, downstream);
        return downstream.active.get() == 1;
    }

    @Test
    void ipv6SourcesAreCountedPerSlash64PerSlash56AndPerSlash48() throws Exception {
        ConnectionGuard guard = guard(100, slots(2, 3, 4));
        assertThat(admitted(guard, "2001:db8:1:100::1")).isTrue();
        assertThat(admitted(guard, "2001:db8:1:100::2")).isTrue();
        assertThat(admitted(guard, "2001:db8:1:100::3")).as("the /64 holds its 2").isFalse();
        assertThat(admitted(guard, "2001:db8:1:101::1")).as("another /64 of the /56").isTrue();
        assertThat(admitted(guard, "2001:db8:1:102::1")).as("the /56 holds its 3").isFalse();
        assertThat(admitted(guard, "2001:db8:1:200::1")).as("another /56 of the /48").isTrue();
        assertThat(admitted(guard, "2001:db8:1:300::1")).as("the /48 holds its 4").isFalse();
        assertThat(admitted(guard, "2001:db8:2::1")).as("another /48").isTrue();
        assertThat(refused(ConnectionResult.SOURCE_CAP)).isEqualTo(3);
        assertThat(guard.openConnections()).isEqualTo(5);
    }

    @Test
    void ipv4SourcesAreCountedPerAddressAndPerSlash24() throws Exception {
        ConnectionGuard guard = guard(100, slots(2, 3, 4));
        assertThat(admitted(guard, "192.0.2.1")).isTrue();
        assertThat(admitted(guard, "192.0.2.1")).isTrue();
        assertThat(admitted(guard, "192.0.2.1")).as("the address holds its 2").isFalse();
        assertThat(admitted(guard, "192.0.2.2")).isTrue();
        assertThat(admitted(guard, "192.0.2.3")).as("the /24 holds its 3").isFalse();
        assertThat(admitted(guard, "192.0.3.1")).as("another /24").isTrue();
    }

    @Test
    void loopbackSourcesAreCountedByAddressOnly() throws Exception {
        ConnectionGuard guard = guard(100, slots(1, 2, 2));
        for (int i = 1; i <= 5; i++) {
            assertThat(admitted(guard, "127.0.12." + i)).as("127.0.12.%d: 127/8 is one host's, no /24 cap", i).isTrue();
        }
        assertThat(admitted(guard, "127.0.12.1")).as("the address cap holds").isFalse();
    }

    @Test
    void aProvenSourceTakesTheSlotOfTheOldestConnectionThatHasNotReachedMsg2() throws Exception {
        ConnectionGuard guard = guard(2, slots(10, 10, 10));
        SourcedChannel earlier = connect(guard, "198.51.100.9", new Downstream());
        guard.registered(earlier);
        earlier.close();
        Downstream oldestIdle = new Downstream();
        SourcedChannel oldest = connect(guard, "192.0.2.1", oldestIdle);
        SourcedChannel newer = connect(guard, "192.0.2.2", new Downstream());

        Downstream unprovenNewcomer = new Downstream();
        assertRefusedWithBusy(connect(guard, "203.0.113.1", unprovenNewcomer), unprovenNewcomer);
        Downstream proven = new Downstream();
        connect(guard, "198.51.100.9", proven);

        assertThat(proven.active).as("the proven source is admitted").hasValue(1);
        oldest.runPendingTasks();
        assertThat(oldest.isOpen()).as("the oldest idle connection made room").isFalse();
        assertThat(oldestIdle.inactive).hasValue(1);
        assertThat(newer.isOpen()).isTrue();
        assertThat(guard.openConnections()).isEqualTo(2);
    }

    @Test
    void aConnectionAnsweredMsg2IsNeverEvicted() throws Exception {
        ConnectionGuard guard = guard(1, slots(10, 10, 10));
        SourcedChannel earlier = connect(guard, "198.51.100.9", new Downstream());
        guard.registered(earlier);
        earlier.close();
        SourcedChannel inHandshake = connect(guard, "192.0.2.1", new Downstream());
        guard.reachedMsg2(inHandshake);

        Downstream proven = new Downstream();
        assertRefusedWithBusy(connect(guard, "198.51.100.9", proven), proven);
        assertThat(inHandshake.isOpen()).isTrue();
    }

    @Test
    void aRefusalWithoutAcceptGateClosesOnceTheClientsBytesAreDrainedAndIsCountedMeanwhile() throws Exception {
        ConnectionGuard guard = guard(10, 1, new ConnectionRateLimiter(100, 100, 0, () -> 0L));
        connect(guard, "192.0.2.1", new Downstream());
        Downstream downstream = new Downstream();
        DuplexSourcedChannel refused = DuplexSourcedChannel.from("192.0.2.1", guard, downstream);
        try {
            ByteBuf busy = refused.readOutbound();
            assertThat(busy).as("Busy is written").isNotNull();
            busy.release();
            assertThat(refused.isOutputShutdown()).isTrue();
            assertThat(guard.lingeringRefusals()).isEqualTo(1);

            refused.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 40, 1, 2, 3}));
            refused.runPendingTasks();

            assertThat(refused.isOpen()).as("closed once the hello is drained, not 500 ms later").isFalse();
            assertThat(guard.lingeringRefusals()).isZero();
            assertThat(downstream.active).hasValue(0);
        } finally {
            refused.finishAndReleaseAll();
        }
    }

    @Test
    void aRefusalWithoutAcceptGateLingersAtMostItsShortDeadline() throws Exception {
        ConnectionGuard guard = guard(10, 1, new ConnectionRateLimiter(100, 100, 0, () -> 0L));
        connect(guard, "192.0.2.1", new Downstream());
        DuplexSourcedChannel refused = DuplexSourcedChannel.from("192.0.2.1", guard, new Downstream());
        try {
            ((ByteBuf) refused.readOutbound()).release();
            refused.advanceTimeBy(ConnectionGuard.REFUSAL_LINGER.toNanos(), TimeUnit.NANOSECONDS);
            refused.runScheduledPendingTasks();
            assertThat(refused.isOpen()).isFalse();
            assertThat(guard.lingeringRefusals()).isZero();
        } finally {
            refused.finishAndReleaseAll();
        }
    }

    @Test
    void beyondItsCapOfLingeringRefusalsTheGuardClosesARefusedConnectionAtOnce() throws Exception {
        ConnectionGuard guard = guard(10, 1, new ConnectionRateLimiter(100, 100, 0, () -> 0L));
        connect(guard, "192.0.2.1", new Downstream());
        List<DuplexSourcedChannel> refused = new ArrayList<>();
        try {
            for (int i = 0; i <= ConnectionGuard.MAX_LINGERING_REFUSALS; i++) {
                refused.add(DuplexSourcedChannel.from("192.0.2.1", guard, new Downstream()));
            }
            assertThat(guard.lingeringRefusals()).isEqualTo(ConnectionGuard.MAX_LINGERING_REFUSALS);
            DuplexSourcedChannel last = refused.get(refused.size() - 1);
            assertThat(last.isOpen()).as("no room to linger: closed after its Busy").isFalse();
        } finally {
            refused.forEach(DuplexSourcedChannel::finishAndReleaseAll);
        }
    }
}
