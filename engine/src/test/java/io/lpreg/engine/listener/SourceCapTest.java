package io.lpreg.engine.listener;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.wire.WireVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One source (/32) holds at most its cap of open connections; another source is not affected. */
class SourceCapTest {
    private static final int PER_SOURCE = 3;

    @TempDir
    Path dir;

    @Test
    void aSourceAtItsCapGetsBusyWhileAnotherSourceRegisters() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, config -> config.withListener(config.listener()
                .withMaxConnections(1000)
                .withConnectionRate(1000, 1000)
                .withSlots(new ConnectionSlots(PER_SOURCE, 1000, 1000, Duration.ofSeconds(60), Duration.ofMinutes(10)))
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(120))), builder -> { })) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < PER_SOURCE; i++) {
                    Socket socket = new Socket();
                    socket.bind(new InetSocketAddress("127.0.0.12", 0));
                    socket.connect(gateway.address(), 5_000);
                    idle.add(socket);
                }
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(gateway.metric("lp_active_lp_connections")).isEqualTo(PER_SOURCE));

                try (LpTestClient extra = new LpTestClient(gateway.address(), gateway.gateway().lpKey(), WireVersion.V1,
                        new InetSocketAddress("127.0.0.12", 0))) {
                    extra.session().start(Instant.now(), new SecureRandom());
                    assertThat(extra.session().receive(extra.readPacket(), Instant.now()).event())
                            .isInstanceOf(LpEvent.GatewayBusy.class);
                }
                assertThat(gateway.metric("lp_connections_total", "result", "source_cap")).isEqualTo(1);

                try (LpTestClient other = new LpTestClient(gateway.address(), gateway.gateway().lpKey(), WireVersion.V1,
                        new InetSocketAddress("127.0.0.13", 0))) {
                    other.handshake();
                    assertThat(other.register(LpTestClient.dvpnRequest(WireVersion.V1, LpTestClient.randomKey(), null, null))
                            .success()).isTrue();
                }
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }
}
