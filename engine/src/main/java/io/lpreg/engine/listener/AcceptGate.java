package io.lpreg.engine.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;

import static java.util.Objects.requireNonNull;

/**
 * Admission at accept, on the listening channel's pipeline, before a refused connection costs a child
 * pipeline, an event-loop registration, timers or a linger (issue 12 §B, cheapest checks first). On epoll
 * a refused socket is answered {@code Busy} straight on its descriptor, its unread bytes (the flood's hello
 * and msg1) drained so that closing sends a FIN rather than a reset, and closed: four system calls. Other
 * transports pass every channel on, and {@link ConnectionGuard} decides when it becomes active.
 */
@ChannelHandler.Sharable
final class AcceptGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AcceptGate.class);
    /** A ClientHello and a msg1 with their length prefixes; more than that is left and the close resets. */
    private static final int DRAIN_BYTES = 256;

    private final ConnectionGuard guard;
    private final ByteBuffer busy;
    private final ByteBuffer drain;

    AcceptGate(ConnectionGuard guard) {
        this.guard = requireNonNull(guard, "guard is null");
        // The listening channel has one event loop, so these buffers are used by one thread only.
        this.busy = ByteBuffer.allocateDirect(ConnectionGuard.BUSY_FRAME.length).put(ConnectionGuard.BUSY_FRAME).flip();
        this.drain = ByteBuffer.allocateDirect(DRAIN_BYTES);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof EpollSocketChannel child && guard.admit(child) != null) {
            refuse(child);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(EpollSocketChannel child) {
        FileDescriptor fd = child.fd();
        try {
            fd.write(busy, 0, busy.limit());
            if (fd instanceof Socket socket) {
                socket.shutdown(false, true);
            }
            fd.read(drain, 0, DRAIN_BYTES);
        } catch (IOException | RuntimeException e) {
            // A peer gone before its refusal is the flood's normal case: shutdown then throws
            // NotYetConnectedException, which must not reach the listening channel's pipeline, where Netty's
            // acceptor answers any exception by pausing all accepts for a second (issue 22 A0).
            log.trace("refused connection gone before its Busy: {}", e.toString());
        } finally {
            child.unsafe().closeForcibly();
        }
    }
}
