package io.lpreg.cli;

import io.lpreg.protocol.keys.LpId;
import io.lpreg.protocol.wire.ClientHello;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.MessageType;
import io.lpreg.protocol.wire.WireVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * A handshake flood for {@code lpreg bench --flood-rate}: connections from {@code sources} addresses of
 * 127.0.0.0/8 (127.0.12.1, 127.0.12.2, …), each sending a ClientHello with a random "public key" and a fresh
 * timestamp and a msg1 with the right lp_id but random bytes, in one write, then reading until the gateway
 * closes — an attacker that does no X25519 at all. Loopback targets only; it stops when closed.
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

    private void flood() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long next = System.nanoTime();
        byte[] buffer = new byte[256];
        while (running && System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            next = Math.max(next + nanosPerConnectionPerThread, now - 1_000_000_000L);
            InetAddress source = sources.get(random.nextInt(sources.size()));
            attempted.incrementAndGet();
            try (Socket socket = new Socket()) {
                socket.setSoLinger(true, 0);
                socket.setSoTimeout(2_000);
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(target, 2_000);
                OutputStream out = socket.getOutputStream();
                out.write(bogusHelloAndMsg1(random));
                out.flush();
                InputStream in = socket.getInputStream();
                while (in.read(buffer) >= 0) {
                    // until the gateway closes
                }
            } catch (IOException e) {
                failedToConnect.incrementAndGet();
            }
        }
    }

    private byte[] bogusHelloAndMsg1(ThreadLocalRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        byte[] salt = ClientHello.salt(System.currentTimeMillis() / 1000, nonce);
        byte[] hello = LpFraming.frame(new LpPacket(WireVersion.V1, 0, 0, MessageType.CLIENT_HELLO,
                new ClientHello(key, salt).encode()).encode());
        byte[] content = new byte[MSG1_CONTENT];
        random.nextBytes(content);
        byte[] msg1 = LpFraming.frame(new LpPacket(WireVersion.V1, LpId.compute(key, gatewayLpKey), 0,
                MessageType.HANDSHAKE, content).encode());
        byte[] both = new byte[hello.length + msg1.length];
        System.arraycopy(hello, 0, both, 0, hello.length);
        System.arraycopy(msg1, 0, both, hello.length, msg1.length);
        return both;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
    }
}
