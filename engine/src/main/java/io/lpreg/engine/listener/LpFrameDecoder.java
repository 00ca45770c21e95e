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

/**
 * Splits the stream into LP frames ({@code u32 BE length ‖ packet}, LP-WIRE.md §A.1) and emits each
 * packet as a {@code byte[]}. The length is checked against what the connection's state allows as soon as
 * its four bytes arrive, before any of the body is buffered (DESIGN.md §4, cheapest checks first): the
 * handshake messages have one exact size each, later frames at most 65 536. Everything after a refused
 * length is discarded.
 */
final class LpFrameDecoder extends ByteToMessageDecoder {
    /**
     * ClientHello (64 bytes of content), msg1 ({@code e} + the tag of an empty payload: 48) and msg3
     * ({@code s} encrypted + the tag of an empty payload: 64), each with the 34 bytes of packet overhead.
     */
    static final int[] HANDSHAKE_FRAME_LENGTHS = {
            LpPacket.OVERHEAD + ClientHello.SIZE, LpPacket.OVERHEAD + 48, LpPacket.OVERHEAD + 64};

    private boolean refused;
    private int frames;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws LpProtocolException {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= LpFraming.LENGTH_PREFIX) {
            long length = in.getUnsignedInt(in.readerIndex());
            try {
                checkLength(length);
            } catch (LpProtocolException e) {
                refused = true;
                in.skipBytes(in.readableBytes());
                throw e;
            }
            if (in.readableBytes() < LpFraming.LENGTH_PREFIX + length) {
                return;
            }
            in.skipBytes(LpFraming.LENGTH_PREFIX);
            byte[] packet = new byte[(int) length];
            in.readBytes(packet);
            frames++;
            out.add(packet);
        }
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
