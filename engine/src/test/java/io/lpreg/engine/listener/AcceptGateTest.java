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

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

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
}
