package io.lpreg.engine.listener;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.wire.ClientHello;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Splits the stream into LP frames ({@code u32 BE length ‖ packet}, docs/wire-v1.md §3) and emits each
 * packet as a {@code byte[]}. The length is checked against what the connection's state allows as soon as
 * its four bytes arrive, before any of the body is buffered (docs/architecture.md §4.1, cheapest checks first): the
 * handshake messages have one exact size each, the one frame after them (the request) at most 65 536.
 * Everything after a refused length, and everything after the request, is discarded unbuffered.
 *
 * <p>A request frame is buffered only while the gateway-wide {@link PartialFrames} budget holds its announced
 * length (issue 22 A3): 10 000 connections each trickling a 64 KiB frame would otherwise hold more direct
 * memory than the gateway has. A frame the budget cannot hold is refused ({@link BudgetSpent}, which says
 * whether the connection's source is among those holding the budget).
 */
final class LpFrameDecoder extends ByteToMessageDecoder {
    /**
     * Bytes announced by request frames not yet complete, across every connection of the listener, and how
     * many of those frames each source holds: when the budget is spent, a source already holding one is
     * among those who spent it, a source holding none is not.
     */
    static final class PartialFrames {
        private final long limit;
        // guarded by this; an entry per source holding a reservation, so at most one per open connection
        private long reserved;
        private final Map<SourceKey, Integer> held = new HashMap<>();

        PartialFrames(long limit) {
            if (limit < LpFraming.MAX_FRAME_LENGTH) {
                throw new IllegalArgumentException("the partial-frame budget must hold at least one frame");
            }
            this.limit = limit;
        }

        /** Reserves {@code bytes} for a frame of {@code source} (null: a peer without an IP address). */
        synchronized boolean reserve(SourceKey source, long bytes) {
            if (reserved + bytes > limit) {
                return false;
            }
            reserved += bytes;
            if (source != null) {
                held.merge(source, 1, Integer::sum);
            }
            return true;
        }

        synchronized void release(SourceKey source, long bytes) {
            reserved -= bytes;
            if (source != null) {
                held.computeIfPresent(source, (key, count) -> count <= 1 ? null : count - 1);
            }
        }

        synchronized boolean holds(SourceKey source) {
            return source != null && held.containsKey(source);
        }

        synchronized long reserved() {
            return reserved;
        }
    }

    /**
     * A request frame refused because the gateway-wide budget is spent. {@link #sourceHoldsFrames}: the
     * connection's source holds an incomplete request frame on another connection, so it is among those who
     * spent the budget; otherwise the refusal is not its doing and must not cost it anything — else an
     * attacker who fills the budget would get honest sources charged whose requests arrive in pieces.
     */
    static final class BudgetSpent extends DecoderException {
        private final boolean sourceHoldsFrames;

        BudgetSpent(LpProtocolException cause, boolean sourceHoldsFrames) {
            super(cause);
            this.sourceHoldsFrames = sourceHoldsFrames;
        }

        boolean sourceHoldsFrames() {
            return sourceHoldsFrames;
        }
    }

    private final PartialFrames partialFrames;
    private long reservedHere;
    private SourceKey reservedBy;
    /**
     * ClientHello (64 bytes of content), msg1 ({@code e} + the tag of an empty payload: 48) and msg3
     * ({@code s} encrypted + the tag of an empty payload: 64), each with the 34 bytes of packet overhead.
     */
    static final int[] HANDSHAKE_FRAME_LENGTHS = {
            LpPacket.OVERHEAD + ClientHello.SIZE, LpPacket.OVERHEAD + 48, LpPacket.OVERHEAD + 64};

    /** The handshake frames, then the request; nothing after it is read. */
    private static final int FRAMES = HANDSHAKE_FRAME_LENGTHS.length + 1;

    private boolean refused;
    private int frames;

    /** A decoder with a budget of its own (tests of one connection). */
    LpFrameDecoder() {
        this(new PartialFrames(LpFraming.MAX_FRAME_LENGTH));
    }

    LpFrameDecoder(PartialFrames partialFrames) {
        this.partialFrames = requireNonNull(partialFrames, "partialFrames is null");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws LpProtocolException {
        if (refused || frames >= FRAMES) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (frames < FRAMES && in.readableBytes() >= LpFraming.LENGTH_PREFIX) {
            long length = in.getUnsignedInt(in.readerIndex());
            try {
                checkLength(length);
                if (in.readableBytes() < LpFraming.LENGTH_PREFIX + length) {
                    reserveFor(ctx, length);
                    return;
                }
            } catch (LpProtocolException | BudgetSpent e) {
                refused = true;
                in.skipBytes(in.readableBytes());
                throw e;
            }
            releaseReserved();
            in.skipBytes(LpFraming.LENGTH_PREFIX);
            byte[] packet = new byte[(int) length];
            in.readBytes(packet);
            frames++;
            out.add(packet);
        }
        if (frames >= FRAMES) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** An incomplete request frame waits only while the gateway-wide budget holds its announced length. */
    private void reserveFor(ChannelHandlerContext ctx, long length) {
        if (frames < HANDSHAKE_FRAME_LENGTHS.length || reservedHere != 0) {
            return;
        }
        SourceKey source = ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                ? SourceKey.of(remote.getAddress()) : null;
        if (!partialFrames.reserve(source, length)) {
            throw new BudgetSpent(new LpProtocolException(LpError.BAD_LENGTH, "a frame of " + length
                    + " bytes while the gateway's partial-frame budget is spent"), partialFrames.holds(source));
        }
        reservedHere = length;
        reservedBy = source;
    }

    private void releaseReserved() {
        if (reservedHere != 0) {
            partialFrames.release(reservedBy, reservedHere);
            reservedHere = 0;
            reservedBy = null;
        }
    }

    /** Bytes received and not yet emitted as a frame. */
    int buffered() {
        return actualReadableBytes();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseReserved();
    }

    private void checkLength(long length) throws LpProtocolException {
        if (frames < HANDSHAKE_FRAME_LENGTHS.length) {
            if (length != HANDSHAKE_FRAME_LENGTHS[frames]) {
                throw new LpProtocolException(LpError.BAD_LENGTH, "handshake frame " + (frames + 1) + " must be "
                        + HANDSHAKE_FRAME_LENGTHS[frames] + " bytes, got " + length);
            }
            return;
        }
        LpFraming.checkLength(length);
    }

    /** The peer closed: bytes of an incomplete frame left over mean the frame was truncated. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws LpProtocolException {
        decode(ctx, in, out);
        if (!refused && in.isReadable()) {
            int pending = in.readableBytes();
            in.skipBytes(pending);
            throw new LpProtocolException(LpError.BAD_LENGTH, "connection closed inside a frame (" + pending + " bytes pending)");
        }
    }
}
