package io.lpreg.engine.listener;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.wire.LpFraming;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits the stream into LP frames ({@code u32 BE length ‖ packet}, LP-WIRE.md §A.1) and emits each
 * packet as a {@code byte[]}. A length above 65 536 is refused as soon as its four bytes arrive, before
 * any of the body is buffered; everything after it is discarded.
 */
final class LpFrameDecoder extends ByteToMessageDecoder {
    private boolean refused;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws LpProtocolException {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= LpFraming.LENGTH_PREFIX) {
            long length = in.getUnsignedInt(in.readerIndex());
            try {
                LpFraming.checkLength(length);
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
            out.add(packet);
        }
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
