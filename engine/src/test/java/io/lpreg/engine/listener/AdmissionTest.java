package io.lpreg.engine.listener;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.wire.LpFraming;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cheap admission steps of DESIGN.md §4, each alone. */
class AdmissionTest {
    @Test
    void aClientHelloFrameOfAnyOtherSizeIsRefusedFromItsLengthAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(new LpFrameDecoder());
        // 99 bytes announced, none of the body sent: refused on the four length bytes
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 99})))
                .isInstanceOf(DecoderException.class).hasCauseInstanceOf(LpProtocolException.class);
        assertThat(channel.readInbound() == null).isTrue();
    }

    @Test
    void theHandshakeFramesHaveTheirExactSizesAndLaterFramesUpToTheMaximum() {
        EmbeddedChannel channel = new EmbeddedChannel(new LpFrameDecoder());
        for (int length : LpFrameDecoder.HANDSHAKE_FRAME_LENGTHS) {
            channel.writeInbound(Unpooled.wrappedBuffer(LpFraming.frame(new byte[length])));
            assertThat((byte[]) channel.readInbound()).hasSize(length);
        }
        channel.writeInbound(Unpooled.wrappedBuffer(LpFraming.frame(new byte[5000])));
        assertThat((byte[]) channel.readInbound()).hasSize(5000);
        EmbeddedChannel second = new EmbeddedChannel(new LpFrameDecoder());
        second.writeInbound(Unpooled.wrappedBuffer(LpFraming.frame(new byte[LpFrameDecoder.HANDSHAKE_FRAME_LENGTHS[0]])));
        assertThatThrownBy(() -> second.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 98})))
                .as("msg1 is 82 bytes").isInstanceOf(DecoderException.class);
    }

    @Test
    void sourcesAreIpv4AddressesAndIpv6Slash64s() throws Exception {
        assertThat(SourceKey.of(InetAddress.getByName("2001:db8:1:2::1")))
                .isEqualTo(SourceKey.of(InetAddress.getByName("2001:db8:1:2:ffff:1:2:3")));
        assertThat(SourceKey.of(InetAddress.getByName("2001:db8:1:2::1")))
                .isNotEqualTo(SourceKey.of(InetAddress.getByName("2001:db8:1:3::1")));
        assertThat(SourceKey.of(InetAddress.getByName("10.0.0.1"))).isNotEqualTo(SourceKey.of(InetAddress.getByName("10.0.0.2")));
        assertThat(SourceKey.of(InetAddress.getByName("::ffff:10.0.0.1"))).isEqualTo(SourceKey.of(InetAddress.getByName("10.0.0.1")));
    }

    @Test
    void aSourceWhoseHandshakesFailIsThrottledAndOthersAreNot() throws Exception {
        // a clock that stands still: what is admitted is the burst and the penalties, not the machine's speed
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(10, 20, 10, () -> 0L);
        SourceKey attacker = SourceKey.of(InetAddress.getByName("127.0.0.2"));
        SourceKey client = SourceKey.of(InetAddress.getByName("127.0.0.3"));
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            if (limiter.tryAcquire(attacker)) {
                admitted++;
                limiter.penalize(attacker);
            }
        }
        assertThat(admitted).as("20 - (1 + 10) - (1 + 10) < 1").isEqualTo(2);
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire(client)).isTrue();
        }
    }
}
