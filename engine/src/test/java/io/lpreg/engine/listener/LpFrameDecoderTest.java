package io.lpreg.engine.listener;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.wire.LpFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.lpreg.engine.listener.LpFrameDecoder.HANDSHAKE_FRAME_LENGTHS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frame decoder alone, as Netty tests its own codecs: bytes in, {@code byte[]} packets out. */
class LpFrameDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new LpFrameDecoder());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static byte[] packet(int length, int fill) {
        byte[] packet = new byte[length];
        Arrays.fill(packet, (byte) fill);
        return packet;
    }

    private static byte[] prefix(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static byte[] concat(byte[]... parts) {
        int total = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] out = new byte[total];
        int position = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, position, part.length);
            position += part.length;
        }
        return out;
    }

    /** The three handshake frames with the exact lengths they must have, each filled with its number. */
    private void writeHandshake() {
        writeHandshake(channel);
    }

    private static void writeHandshake(EmbeddedChannel channel) {
        for (int i = 0; i < HANDSHAKE_FRAME_LENGTHS.length; i++) {
            assertThat(channel.writeInbound(Unpooled.wrappedBuffer(LpFraming.frame(packet(HANDSHAKE_FRAME_LENGTHS[i], i)))))
                    .isTrue();
            assertThat((byte[]) channel.readInbound()).isEqualTo(packet(HANDSHAKE_FRAME_LENGTHS[i], i));
        }
    }

    private static LpProtocolException protocolError(Throwable thrown) {
        assertThat(thrown).isInstanceOf(DecoderException.class).hasCauseInstanceOf(LpProtocolException.class);
        return (LpProtocolException) thrown.getCause();
    }

    @Test
    void aFrameSplitAcrossReadsIsEmittedOnceItsLastByteArrives() {
        byte[] frame = LpFraming.frame(packet(HANDSHAKE_FRAME_LENGTHS[0], 7));

        for (int i = 0; i < frame.length - 1; i++) {
            assertThat(channel.writeInbound(Unpooled.wrappedBuffer(frame, i, 1))).as("byte %d", i).isFalse();
        }
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(frame, frame.length - 1, 1))).isTrue();
        assertThat((byte[]) channel.readInbound()).isEqualTo(packet(HANDSHAKE_FRAME_LENGTHS[0], 7));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void severalFramesInOneReadAreEmittedInOrderAndAPartialTailWaits() {
        byte[] first = LpFraming.frame(packet(HANDSHAKE_FRAME_LENGTHS[0], 1));
        byte[] second = LpFraming.frame(packet(HANDSHAKE_FRAME_LENGTHS[1], 2));
        byte[] third = LpFraming.frame(packet(HANDSHAKE_FRAME_LENGTHS[2], 3));
        byte[] stream = concat(first, second, Arrays.copyOf(third, 10));

        channel.writeInbound(Unpooled.wrappedBuffer(stream));
        assertThat((byte[]) channel.readInbound()).isEqualTo(packet(HANDSHAKE_FRAME_LENGTHS[0], 1));
        assertThat((byte[]) channel.readInbound()).isEqualTo(packet(HANDSHAKE_FRAME_LENGTHS[1], 2));
        assertThat((Object) channel.readInbound()).as("the third frame is not complete").isNull();

        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(third, 10, third.length)));
        assertThat((byte[]) channel.readInbound()).isEqualTo(packet(HANDSHAKE_FRAME_LENGTHS[2], 3));
    }

    @Test
    void aHandshakeFrameOfTheWrongLengthIsRefusedOnItsPrefixAlone() {
        int wrong = HANDSHAKE_FRAME_LENGTHS[0] + 1;

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> channel.writeInbound(Unpooled.wrappedBuffer(prefix(wrong))));

        LpProtocolException error = protocolError(thrown);
        assertThat(error.error()).isEqualTo(LpError.BAD_LENGTH);
        assertThat(error.getMessage()).contains("handshake frame 1 must be " + HANDSHAKE_FRAME_LENGTHS[0]);
    }

    @Test
    void anOversizeLengthAfterTheHandshakeIsRefusedBeforeAnyOfItsBodyIsBuffered() {
        writeHandshake();

        ByteBuf oversize = Unpooled.wrappedBuffer(prefix(0xFFFF_FFFFL));
        assertThat(protocolError(org.assertj.core.api.Assertions.catchThrowable(() -> channel.writeInbound(oversize)))
                .error()).isEqualTo(LpError.BAD_LENGTH);
        assertThat(oversize.refCnt()).as("the prefix was consumed and released, nothing is held").isZero();
    }

    @Test
    void everythingAfterARefusedLengthIsDiscardedWithoutAnotherError() {
        writeHandshake();
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(prefix(LpFraming.MAX_FRAME_LENGTH + 1L))))
                .isInstanceOf(DecoderException.class);

        ByteBuf valid = Unpooled.wrappedBuffer(LpFraming.frame(packet(100, 9)));
        assertThat(channel.writeInbound(valid)).as("no frame comes out of a refused stream").isFalse();
        assertThat(valid.refCnt()).isZero();
        assertThat((Object) channel.readInbound()).isNull();
        channel.checkException();
    }

    @Test
    void afterTheHandshakeOneRequestOfAnyLengthUpToTheMaximumDecodesAndNothingAfterIt() {
        writeHandshake();
        byte[] largest = packet(LpFraming.MAX_FRAME_LENGTH, 5);
        byte[] small = packet(40, 6);

        channel.writeInbound(Unpooled.wrappedBuffer(concat(LpFraming.frame(largest), LpFraming.frame(small))));

        assertThat((byte[]) channel.readInbound()).isEqualTo(largest);
        assertThat((Object) channel.readInbound()).as("a connection carries one request").isNull();
    }

    /** Issue 22 A3: after the request nothing more is buffered, however much the client sends. */
    @Test
    void bytesAfterTheRequestAreDiscardedUnbuffered() {
        writeHandshake();

        channel.writeInbound(Unpooled.wrappedBuffer(concat(LpFraming.frame(packet(40, 6)),
                prefix(LpFraming.MAX_FRAME_LENGTH), packet(1000, 7))));

        assertThat((byte[]) channel.readInbound()).isEqualTo(packet(40, 6));
        assertThat(((LpFrameDecoder) channel.pipeline().first()).buffered()).isZero();
    }

    /** Issue 22 A3: incomplete request frames may hold only so many bytes across the whole gateway. */
    @Test
    void aPartialRequestFrameBeyondTheGatewayWideBudgetIsRefusedAndAClosedOneGivesItsShareBack() {
        LpFrameDecoder.PartialFrames budget = new LpFrameDecoder.PartialFrames(100_000);
        EmbeddedChannel first = new EmbeddedChannel(new LpFrameDecoder(budget));
        EmbeddedChannel second = new EmbeddedChannel(new LpFrameDecoder(budget));
        writeHandshake(first);
        writeHandshake(second);

        first.writeInbound(Unpooled.wrappedBuffer(concat(prefix(LpFraming.MAX_FRAME_LENGTH), packet(10, 1))));
        assertThat(budget.reserved()).isEqualTo(LpFraming.MAX_FRAME_LENGTH);
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> second.writeInbound(
                Unpooled.wrappedBuffer(concat(prefix(LpFraming.MAX_FRAME_LENGTH), packet(10, 1)))));

        assertThat(protocolError(refused).error()).isEqualTo(LpError.BAD_LENGTH);
        assertThat(((LpFrameDecoder) second.pipeline().first()).buffered()).isZero();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(first::finishAndReleaseAll))
                .as("closed inside its frame").isNotNull();
        second.finishAndReleaseAll();
        assertThat(budget.reserved()).isZero();
    }

    /**
     * The refusal says whether the connection's source holds part of the spent budget: the listener charges
     * that source, never one whose request merely arrived in pieces while others held the budget.
     */
    @Test
    void aRefusalForASpentBudgetSaysWhetherTheSourceHoldsAnIncompleteFrameElsewhere() throws Exception {
        LpFrameDecoder.PartialFrames budget = new LpFrameDecoder.PartialFrames(LpFraming.MAX_FRAME_LENGTH);
        SourcedChannel holder = SourcedChannel.from("192.0.2.1", new LpFrameDecoder(budget));
        SourcedChannel sameSource = SourcedChannel.from("192.0.2.1", new LpFrameDecoder(budget));
        SourcedChannel otherSource = SourcedChannel.from("192.0.2.2", new LpFrameDecoder(budget));
        for (SourcedChannel each : List.of(holder, sameSource, otherSource)) {
            writeHandshake(each);
        }
        holder.writeInbound(Unpooled.wrappedBuffer(concat(prefix(LpFraming.MAX_FRAME_LENGTH), packet(10, 1))));

        Throwable fromSameSource = org.assertj.core.api.Assertions.catchThrowable(() -> sameSource.writeInbound(
                Unpooled.wrappedBuffer(concat(prefix(500), packet(10, 1)))));
        Throwable fromOtherSource = org.assertj.core.api.Assertions.catchThrowable(() -> otherSource.writeInbound(
                Unpooled.wrappedBuffer(concat(prefix(500), packet(10, 1)))));

        assertThat(protocolError(fromSameSource).error()).isEqualTo(LpError.BAD_LENGTH);
        assertThat(fromSameSource).isInstanceOfSatisfying(LpFrameDecoder.BudgetSpent.class,
                spent -> assertThat(spent.sourceHoldsFrames()).isTrue());
        assertThat(fromOtherSource).isInstanceOfSatisfying(LpFrameDecoder.BudgetSpent.class,
                spent -> assertThat(spent.sourceHoldsFrames()).isFalse());
        org.assertj.core.api.Assertions.catchThrowable(holder::finishAndReleaseAll);
        assertThat(budget.holds(SourceKey.of(java.net.InetAddress.getByName("192.0.2.1"))))
                .as("a closed connection gives its frame back").isFalse();
        sameSource.finishAndReleaseAll();
        otherSource.finishAndReleaseAll();
    }

    @Test
    void aConnectionClosedInsideAFrameIsATruncatedFrame() {
        byte[] frame = LpFraming.frame(packet(HANDSHAKE_FRAME_LENGTHS[0], 1));
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, frame.length - 3));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(channel::finish);

        LpProtocolException error = protocolError(thrown);
        assertThat(error.error()).isEqualTo(LpError.BAD_LENGTH);
        assertThat(error.getMessage()).contains("connection closed inside a frame (" + (frame.length - 3) + " bytes pending)");
    }

    @Test
    void aConnectionClosedBetweenFramesIsNoError() {
        channel.writeInbound(Unpooled.wrappedBuffer(LpFraming.frame(packet(HANDSHAKE_FRAME_LENGTHS[0], 1))));
        assertThat(channel.finish()).as("the decoded frame is still readable").isTrue();
        assertThat((byte[]) channel.readInbound()).isEqualTo(packet(HANDSHAKE_FRAME_LENGTHS[0], 1));
    }
}
