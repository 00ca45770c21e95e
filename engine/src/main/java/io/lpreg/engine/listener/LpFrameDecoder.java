package io.lpreg.engine.listener;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.wire.ClientHello;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
 * memory than the gateway has. A frame the budget cannot hold is refused.
 */
final class LpFrameDecoder extends ByteToMessageDecoder {
    /** Bytes announced by request frames not yet complete, across every connection of the listener. */
    static final class PartialFrames {
        private final long limit;
        private final AtomicLong reserved = new AtomicLong();

        PartialFrames(long limit) {
            if (limit < LpFraming.MAX_FRAME_LENGTH) {
                throw new IllegalArgumentException("the partial-frame budget must hold at least one frame");
            }
            this.limit = limit;
        }

        boolean reserve(long bytes) {
            if (reserved.addAndGet(bytes) <= limit) {
                return true;
            }
            reserved.addAndGet(-bytes);
            return false;
        }

        void release(long bytes) {
            reserved.addAndGet(-bytes);
        }

        long reserved() {
            return reserved.get();
        }
    }

    private final PartialFrames partialFrames;
    private long reservedHere;
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
                    reserveFor(length);
                    return;
                }
            } catch (LpProtocolException e) {
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
    private void reserveFor(long length) throws LpProtocolException {
        if (frames < HANDSHAKE_FRAME_LENGTHS.length || reservedHere != 0) {
            return;
        }
        if (!partialFrames.reserve(length)) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "a frame of " + length
                    + " bytes while the gateway's partial-frame budget is spent");
        }
        reservedHere = length;
    }

    private void releaseReserved() {
        if (reservedHere != 0) {
            partialFrames.release(reservedHere);
            reservedHere = 0;
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
