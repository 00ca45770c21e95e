package io.lpreg.engine.listener;

import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection refused at accept (the real listener: epoll here) still reads its {@code Busy} when it has
 * already sent its hello and msg 1, as a flood does, and is closed without a handshake or a pipeline.
 */
class AcceptGateTest {
    @TempDir
    Path dir;

    @Test
    void aRateLimitedSourceThatSentItsHelloAndMsg1ReadsBusyThenTheClose() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, config -> config.withListener(
                config.listener().withConnectionRate(1, 1)), builder -> { })) {
            InetSocketAddress source = new InetSocketAddress("127.0.0.14", 0);
            try (LpTestClient first = new LpTestClient(gateway.address(), gateway.gateway().lpKey(), WireVersion.V1, source)) {
                first.handshake();
                try (LpTestClient refused = new LpTestClient(gateway.address(), gateway.gateway().lpKey(), WireVersion.V1,
                        source)) {
                    ByteArrayOutputStream helloAndMsg1 = new ByteArrayOutputStream();
                    for (LpPacket packet : refused.session().start(Instant.now(), new SecureRandom())) {
                        helloAndMsg1.writeBytes(LpFraming.frame(packet.encode()));
                    }
                    refused.sendRaw(helloAndMsg1.toByteArray());
                    assertThat(refused.session().receive(refused.readPacket(), Instant.now()).event())
                            .isInstanceOf(LpEvent.GatewayBusy.class);
                    assertThat(refused.closedByGateway()).isTrue();
                }
            }
            assertThat(gateway.metric("lp_connections_total", "result", "rate_limited")).isEqualTo(1);
            assertThat(gateway.metric("lp_handshakes_failed_total", "reason", "peer_closed"))
                    .as("the refused connection never reached a handler").isZero();
        }
    }
    /**
     * Issue 22 A0: a flood closes each socket right after its hello and msg 1, so the gateway often refuses a
     * socket whose peer has gone; nothing of that may reach the listening channel's pipeline, where Netty's
     * acceptor answers any exception by pausing every accept for a second.
     */
    @Test
    void refusingPeersThatHaveAlreadyClosedNeitherThrowsNorPausesAccepting() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (TestGateway gateway = TestGateway.start(dir, config -> config.withListener(
                config.listener().withConnectionRate(1, 1)), builder -> { })) {
            InetSocketAddress source = new InetSocketAddress("127.0.0.17", 0);
            try (Socket first = new Socket()) {
                first.bind(source);
                first.connect(gateway.address());
            }
            byte[] helloAndMsg1 = helloAndMsg1(gateway);
            int refused = 40;
            for (int i = 0; i < refused; i++) {
                try (Socket gone = new Socket()) {
                    gone.bind(source);
                    gone.connect(gateway.address());
                    OutputStream out = gone.getOutputStream();
                    out.write(helloAndMsg1);
                    out.flush();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> gateway.metric("lp_connections_total", "result", "rate_limited") >= refused);
            long started = System.nanoTime();
            try (LpTestClient next = new LpTestClient(gateway.address(), gateway.gateway().lpKey(), WireVersion.V1,
                    new InetSocketAddress("127.0.0.18", 0))) {
                next.handshake();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(700));
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).as("warnings on the accept thread while refusing closed peers")
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN)
                        && event.getThreadName().startsWith(LpListener.ACCEPT_THREAD_PREFIX))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    private static byte[] helloAndMsg1(TestGateway gateway) throws Exception {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        io.lpreg.protocol.session.LpSession client = io.lpreg.protocol.session.LpSession.initiator(
                io.lpreg.protocol.noise.KeyPair.generate(new SecureRandom()), gateway.gateway().lpKey(), WireVersion.V1,
                io.lpreg.protocol.noise.EphemeralKeySource.random(new SecureRandom()));
        for (LpPacket packet : client.start(Instant.now(), new SecureRandom())) {
            frames.writeBytes(LpFraming.frame(packet.encode()));
        }
        return frames.toByteArray();
    }
}
