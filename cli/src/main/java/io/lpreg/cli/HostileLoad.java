package io.lpreg.cli;

import io.lpreg.protocol.keys.LpId;
import io.lpreg.protocol.wire.ClientHello;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * A handshake flood for {@code lpreg bench --flood-rate}: connections from {@code sources} addresses of
 * 127.0.0.0/8 (127.0.12.1, 127.0.12.2, …), each sending a ClientHello with a random "public key" and a fresh
 * timestamp and a msg1 with the right lp_id but random bytes, in one write, then reading until the gateway
 * closes — an attacker that does no X25519 at all. Non-blocking sockets, a few threads. Loopback targets
 * only; it stops when closed.
 */
final class HostileLoad implements AutoCloseable {
    private static final int MSG1_CONTENT = 48;
    /** However the bench goes, the flood stops by itself after this long. */
    static final Duration MAX_DURATION = Duration.ofMinutes(10);

    private final InetSocketAddress target;
    private final byte[] gatewayLpKey;
    private final List<InetAddress> sources;
    private final long nanosPerConnectionPerThread;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong failedToConnect = new AtomicLong();
    private volatile boolean running = true;
    private final long deadline = System.nanoTime() + MAX_DURATION.toNanos();

    private HostileLoad(InetSocketAddress target, byte[] gatewayLpKey, List<InetAddress> sources, int threadCount,
                        double ratePerSecond) {
        this.target = target;
        this.gatewayLpKey = gatewayLpKey.clone();
        this.sources = sources;
        this.nanosPerConnectionPerThread = (long) (1e9 * threadCount / ratePerSecond);
    }

    /** Starts the flood; refuses a target that is not a loopback address. */
    static HostileLoad start(InetSocketAddress target, byte[] gatewayLpKey, int sourceCount, int threadCount,
                             double ratePerSecond) throws CliException {
        requireNonNull(target, "target is null");
        if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
            throw new CliException("the flood only targets the embedded gateway or a loopback address, not " + target);
        }
        if (sourceCount < 1 || sourceCount > 250 || threadCount < 1 || ratePerSecond <= 0) {
            throw new CliException("--flood-sources must be 1 to 250, --flood-rate positive");
        }
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 1; i <= sourceCount; i++) {
            try {
                sources.add(InetAddress.getByAddress(new byte[] {127, 0, 12, (byte) i}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("four octets are an address", e);
            }
        }
        HostileLoad load = new HostileLoad(target, gatewayLpKey, sources, threadCount, ratePerSecond);
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(load::flood, "lpreg-flood-" + i);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    long attempted() {
        return attempted.get();
    }

    long failedToConnect() {
        return failedToConnect.get();
    }

    /** CPU time the flood's own threads used so far (to tell the gateway's share of the process apart). */
    Duration cpuTime() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : threads) {
            long cpu = mx.getThreadCpuTime(thread.threadId());
            total += Math.max(0, cpu);
        }
        return Duration.ofNanos(total);
    }

    /**
     * One flood thread: non-blocking sockets on one selector, paced to this thread's share of the rate, so a
     * few threads reach thousands of connections per second without a thread per connection (the flood
     * shares the machine's cores with the gateway, and its own cost must not be what limits it).
     */
    private void flood() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        BogusKeys keys = new BogusKeys(gatewayLpKey, random);
        ByteBuffer sink = ByteBuffer.allocateDirect(4096);
        long next = System.nanoTime();
        long lastSweep = next;
        try (Selector selector = Selector.open()) {
            while (running && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                while (now >= next) {
                    next = Math.max(next + nanosPerConnectionPerThread, now - 1_000_000_000L);
                    open(selector, sources.get(random.nextInt(sources.size())), keys, random, now);
                }
                selector.select(Math.max(1, (next - System.nanoTime()) / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    step(key, sink);
                }
                selector.selectedKeys().clear();
                if (now - lastSweep > 500_000_000L) {
                    lastSweep = now;
                    for (SelectionKey key : selector.keys()) {
                        if (now - ((Connection) key.attachment()).openedAt > 2_000_000_000L) {
                            failedToConnect.incrementAndGet();
                            closeQuietly(key);
                        }
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the flood's selector failed", e);
        }
    }

    private void open(Selector selector, InetAddress source, BogusKeys keys, ThreadLocalRandom random, long now) {
        attempted.incrementAndGet();
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.bind(new InetSocketAddress(source, 0));
            Connection connection = new Connection(keys.bogusHelloAndMsg1(random), now);
            if (channel.connect(target)) {
                channel.register(selector, SelectionKey.OP_WRITE, connection);
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, connection);
            }
        } catch (IOException e) {
            failedToConnect.incrementAndGet();
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failed
                }
            }
        }
    }

    private void step(SelectionKey key, ByteBuffer sink) {
        SocketChannel channel = (SocketChannel) key.channel();
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if (key.isValid() && key.isWritable()) {
                channel.write(connection.frames);
                if (!connection.frames.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isValid() && key.isReadable()) {
                sink.clear();
                if (channel.read(sink) < 0) {
                    closeQuietly(key);
                }
            }
        } catch (IOException e) {
            // a reset after the gateway's answer is how a refused bogus connection may end
            if (!connection.frames.hasRemaining()) {
                closeQuietly(key);
            } else {
                failedToConnect.incrementAndGet();
                closeQuietly(key);
            }
        }
    }

    private static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing a socket the flood no longer needs
        }
    }

    private static final class Connection {
        final ByteBuffer frames;
        final long openedAt;

        Connection(byte[] frames, long openedAt) {
            this.frames = ByteBuffer.wrap(frames);
            this.openedAt = openedAt;
        }
    }

    /** Random "public keys" with their lp_ids computed once, so a bogus connection costs the flood little. */
    private static final class BogusKeys {
        private static final int COUNT = 1024;
        private final byte[][] keys = new byte[COUNT][];
        private final int[] lpIds = new int[COUNT];

        BogusKeys(byte[] gatewayLpKey, ThreadLocalRandom random) {
            for (int i = 0; i < COUNT; i++) {
                keys[i] = new byte[32];
                random.nextBytes(keys[i]);
                lpIds[i] = LpId.compute(keys[i], gatewayLpKey);
            }
        }

        /** A ClientHello with a fresh salt (never a replay) and a msg1 of random bytes, in one buffer. */
        byte[] bogusHelloAndMsg1(ThreadLocalRandom random) {
            int i = random.nextInt(COUNT);
            byte[] nonce = new byte[24];
            random.nextBytes(nonce);
            byte[] salt = ClientHello.salt(System.currentTimeMillis() / 1000, nonce);
            byte[] hello = LpFraming.frame(new LpPacket(WireVersion.V1, 0, 0, MessageType.CLIENT_HELLO,
                    new ClientHello(keys[i], salt).encode()).encode());
            byte[] content = new byte[MSG1_CONTENT];
            random.nextBytes(content);
            byte[] msg1 = LpFraming.frame(new LpPacket(WireVersion.V1, lpIds[i], 0, MessageType.HANDSHAKE, content).encode());
            byte[] both = new byte[hello.length + msg1.length];
            System.arraycopy(hello, 0, both, 0, hello.length);
            System.arraycopy(msg1, 0, both, hello.length, msg1.length);
            return both;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
    }
}
