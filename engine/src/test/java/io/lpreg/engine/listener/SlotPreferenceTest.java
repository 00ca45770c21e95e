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

/**
 * The real gateway with every slot held by silent connections (issue 22 A2): a source that has never
 * completed a handshake gets {@code Busy}, one that has registers, in the slot of the oldest silent one.
 */
class SlotPreferenceTest {
    private static final int MAX = 12;
    private static final int PER_ADDRESS = 4;

    @TempDir
    Path dir;

    private static void register(TestGateway gateway, String source) throws Exception {
        try (LpTestClient client = new LpTestClient(gateway.address(), gateway.gateway().lpKey(), WireVersion.V1,
                new InetSocketAddress(source, 0))) {
            client.handshake();
            assertThat(client.register(LpTestClient.dvpnRequest(WireVersion.V1, LpTestClient.randomKey(), null, null))
                    .success()).isTrue();
        }
    }

    @Test
    void whenSilentConnectionsHoldEverySlotAProvenSourceStillRegistersAndAnUnprovenOneGetsBusy() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, config -> config.withListener(config.listener()
                .withMaxConnections(MAX)
                .withConnectionRate(1000, 1000)
                .withSlots(new ConnectionSlots(PER_ADDRESS, 1000, 1000, Duration.ofSeconds(60), Duration.ofMinutes(10)))
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(120))), builder -> { })) {
            register(gateway, "127.0.0.1");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(gateway.metric("lp_active_lp_connections")).isZero());
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < MAX; i++) {
                    Socket socket = new Socket();
                    socket.bind(new InetSocketAddress("127.0.0." + (40 + i / PER_ADDRESS), 0));
                    socket.connect(gateway.address(), 5_000);
                    silent.add(socket);
                }
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(gateway.metric("lp_active_lp_connections")).isEqualTo(MAX));

                try (LpTestClient unproven = new LpTestClient(gateway.address(), gateway.gateway().lpKey(),
                        WireVersion.V1, new InetSocketAddress("127.0.0.60", 0))) {
                    unproven.session().start(Instant.now(), new SecureRandom());
                    assertThat(unproven.session().receive(unproven.readPacket(), Instant.now()).event())
                            .isInstanceOf(LpEvent.GatewayBusy.class);
                }

                register(gateway, "127.0.0.1");

                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(gateway.metric("lp_connections_total", "result", "evicted")).isEqualTo(1));
                assertThat(gateway.metric("lp_connections_total", "result", "busy")).isEqualTo(1);
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
        }
    }
}
