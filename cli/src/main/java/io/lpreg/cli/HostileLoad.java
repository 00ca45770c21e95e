package io.lpreg.cli;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.keys.LpId;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.session.LpSession;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * A flood for {@code lpreg bench --flood-rate}: connections from {@code sources} addresses of 127.0.0.0/8
 * (127.0.12.1, 127.0.12.2, …) in one of several {@link Shape shapes}, each reading until the gateway closes.
 * Non-blocking sockets, a few threads. Loopback targets only; it stops when closed, and after
 * {@link #MAX_DURATION} whatever happens.
 */
final class HostileLoad implements AutoCloseable {
    /** What each hostile connection does. */
    enum Shape {
        /** A ClientHello with a random "public key" and a msg 1 of random bytes: no X25519 at all. */
        RANDOM_MSG1,
        /** One valid msg 1, computed once, behind fresh hellos (same client key, new salt); reads msg 2, closes. */
        REPLAYED_MSG1,
        /** Connects and says nothing, holding the slot as long as the gateway lets it. */
        IDLE,
        /** A real handshake, then part of a largest request frame, then nothing: X25519 on every connection. */
        PARTIAL_FRAME,
        /** A valid ClientHello (random key, fresh salt) and nothing else. */
        HELLO_ONLY;

        final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

        /** The shape's connections stay open until the gateway closes them. */
        boolean holds() {
            return this == IDLE || this == PARTIAL_FRAME || this == HELLO_ONLY;
        }

        /** The attacker computes X25519 on each connection. */
        boolean costsTheAttackerX25519() {
            return this == PARTIAL_FRAME;
        }

        static Shape of(String label) throws CliException {
            for (Shape shape : values()) {
                if (shape.label.equals(label)) {
                    return shape;
                }
            }
            throw new CliException("--flood-shape is one of random-msg1, replayed-msg1, idle, partial-frame, hello-only, not "
                    + label);
        }
    }

    private static final int MSG1_CONTENT = 48;
    private static final ThreadLocal<SecureRandom> SECURE_RANDOM = ThreadLocal.withInitial(SecureRandoms::create);
    /** Sockets one flood holds open at most: the gateway in the same process needs descriptors too. */
    static final int MAX_OPEN = 6_000;
    /** However the bench goes, the flood stops by itself after this long. */
    static final Duration MAX_DURATION = Duration.ofMinutes(10);

    private final InetSocketAddress target;
    private final byte[] gatewayLpKey;
    private final List<InetAddress> sources;
    private final long nanosPerConnectionPerThread;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong failedToConnect = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong maxOpen = new AtomicLong();
    private volatile boolean running = true;
    private final long deadline = System.nanoTime() + MAX_DURATION.toNanos();
    private final Shape shape;
    /** replayed-msg1: the one client key and its one valid msg 1 frame; partial-frame: the client key. */
    private final KeyPair clientKey;
    private final byte[] replayedMsg1;

    private HostileLoad(InetSocketAddress target, byte[] gatewayLpKey, List<InetAddress> sources, int threadCount,
                        double ratePerSecond, Shape shape) {
        this.target = target;
        this.gatewayLpKey = gatewayLpKey.clone();
        this.sources = sources;
        this.nanosPerConnectionPerThread = (long) (1e9 * threadCount / ratePerSecond);
        this.shape = shape;
        SecureRandom random = SecureRandoms.create();
        this.clientKey = KeyPair.generate(random);
        this.replayedMsg1 = shape == Shape.REPLAYED_MSG1 ? validMsg1(random) : null;
    }

    private byte[] validMsg1(SecureRandom random) {
        try {
            LpSession session = LpSession.initiator(clientKey, gatewayLpKey, WireVersion.V1,
                    EphemeralKeySource.random(random));
            return LpFraming.frame(session.start(Instant.now(), random).get(1).encode());
        } catch (LpProtocolException e) {
            throw new IllegalStateException("a msg 1 of our own key could not be built", e);
        }
    }

    /** Starts a random-msg1 flood; refuses a target that is not a loopback address. */
    static HostileLoad start(InetSocketAddress target, byte[] gatewayLpKey, int sourceCount, int threadCount,
                             double ratePerSecond) throws CliException {
        return start(target, gatewayLpKey, sourceCount, threadCount, ratePerSecond, Shape.RANDOM_MSG1);
    }

    /** Starts the flood; refuses a target that is not a loopback address. */
    static HostileLoad start(InetSocketAddress target, byte[] gatewayLpKey, int sourceCount, int threadCount,
                             double ratePerSecond, Shape shape) throws CliException {
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
        HostileLoad load = new HostileLoad(target, gatewayLpKey, sources, threadCount, ratePerSecond,
                requireNonNull(shape, "shape is null"));
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

    /** The flood's connections open now (connected, not yet closed by the gateway). */
    long open() {
        return open.get();
    }

    /** The most the flood held open at once. */
    long maxOpen() {
        return maxOpen.get();
    }

    Shape shape() {
        return shape;
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
                    if (selector.keys().size() * (long) threads.size() < MAX_OPEN) {
                        open(selector, sources.get(random.nextInt(sources.size())), keys, random, now);
                    }
                }
                selector.select(Math.max(1, (next - System.nanoTime()) / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    step(key, sink);
                }
                selector.selectedKeys().clear();
                if (!shape.holds() && now - lastSweep > 500_000_000L) {
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
            Connection connection;
            if (shape == Shape.PARTIAL_FRAME) {
                SecureRandom secure = SECURE_RANDOM.get();
                LpSession session = LpSession.initiator(clientKey, gatewayLpKey, WireVersion.V1,
                        EphemeralKeySource.random(secure));
                List<LpPacket> helloAndMsg1 = session.start(Instant.now(), secure);
                byte[] hello = LpFraming.frame(helloAndMsg1.get(0).encode());
                byte[] msg1 = LpFraming.frame(helloAndMsg1.get(1).encode());
                byte[] both = new byte[hello.length + msg1.length];
                System.arraycopy(hello, 0, both, 0, hello.length);
                System.arraycopy(msg1, 0, both, hello.length, msg1.length);
                connection = new Connection(both, now);
                connection.session = session;
            } else {
                connection = new Connection(firstBytes(keys, random), now);
            }
            if (channel.connect(target)) {
                connection.connected = true;
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                channel.register(selector, connection.frames.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ,
                        connection);
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, connection);
            }
        } catch (IOException | LpProtocolException e) {
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
                connection.connected = true;
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                key.interestOps(connection.frames.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
            if (key.isValid() && key.isWritable()) {
                channel.write(connection.frames);
                if (!connection.frames.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isValid() && key.isReadable()) {
                sink.clear();
                int read = channel.read(sink);
                if (read < 0) {
                    closeQuietly(key);
                } else if (connection.session != null && read > 0) {
                    sink.flip();
                    byte[] bytes = new byte[sink.remaining()];
                    sink.get(bytes);
                    afterMsg2(key, connection, bytes);
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

    /** partial-frame: msg 2 in, then msg 3 and the first half of a largest request frame out, then silence. */
    private void afterMsg2(SelectionKey key, Connection connection, byte[] bytes) {
        try {
            for (byte[] frame : connection.decoder.feed(bytes)) {
                LpSession.Output output = connection.session.receive(frame, Instant.now());
                if (output.event() instanceof LpEvent.GatewayBusy || output.packets().isEmpty()) {
                    continue;
                }
                byte[] msg3 = LpFraming.frame(output.packets().get(0).encode());
                byte[] partial = new byte[msg3.length + LpFraming.LENGTH_PREFIX + LpFraming.MAX_FRAME_LENGTH / 2];
                System.arraycopy(msg3, 0, partial, 0, msg3.length);
                ByteBuffer.wrap(partial, msg3.length, LpFraming.LENGTH_PREFIX).putInt(LpFraming.MAX_FRAME_LENGTH);
                connection.frames = ByteBuffer.wrap(partial);
                connection.session = null;
                key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
            }
        } catch (LpProtocolException e) {
            closeQuietly(key);
        }
    }

    /** What a new connection sends first, by shape; partial-frame also gets its session. */
    private byte[] firstBytes(BogusKeys keys, ThreadLocalRandom random) {
        return switch (shape) {
            case RANDOM_MSG1 -> keys.bogusHelloAndMsg1(random);
            case IDLE -> new byte[0];
            case HELLO_ONLY -> keys.bogusHello(random);
            case REPLAYED_MSG1 -> {
                byte[] hello = helloOf(clientKey.publicKey(), random);
                byte[] both = new byte[hello.length + replayedMsg1.length];
                System.arraycopy(hello, 0, both, 0, hello.length);
                System.arraycopy(replayedMsg1, 0, both, hello.length, replayedMsg1.length);
                yield both;
            }
            case PARTIAL_FRAME -> throw new IllegalStateException("partial-frame connections start with a session");
        };
    }

    static byte[] helloOf(byte[] publicKey, ThreadLocalRandom random) {
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        byte[] salt = ClientHello.salt(System.currentTimeMillis() / 1000, nonce);
        return LpFraming.frame(new LpPacket(WireVersion.V1, 0, 0, MessageType.CLIENT_HELLO,
                new ClientHello(publicKey, salt).encode()).encode());
    }

    private void closeQuietly(SelectionKey key) {
        if (key.attachment() instanceof Connection connection && connection.connected && !connection.closed) {
            open.decrementAndGet();
        }
        if (key.attachment() instanceof Connection connection) {
            connection.closed = true;
        }
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing a socket the flood no longer needs
        }
    }

    private static final class Connection {
        ByteBuffer frames;
        final long openedAt;
        boolean connected;
        boolean closed;
        /** partial-frame, until msg 3 is sent */
        LpSession session;
        final LpFraming.Decoder decoder = new LpFraming.Decoder();

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
        /** A ClientHello of a random key with a fresh salt, alone. */
        byte[] bogusHello(ThreadLocalRandom random) {
            return helloOf(keys[random.nextInt(COUNT)], random);
        }

        byte[] bogusHelloAndMsg1(ThreadLocalRandom random) {
            int i = random.nextInt(COUNT);
            byte[] hello = helloOf(keys[i], random);
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
