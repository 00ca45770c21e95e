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

import java.util.ArrayList;
import java.util.List;
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
}
