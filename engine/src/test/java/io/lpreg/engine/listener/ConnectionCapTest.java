package io.lpreg.engine.listener;

import io.lpreg.engine.testing.IdleConnections;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.wire.WireVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10 000 idle connections: the cap holds, Busy above it, and a real client gets in once they are gone. How
 * fast it gets in is the machine's business; that it does, within a generous bound, is the gateway's.
 */
class ConnectionCapTest {
    private static final int CAP = 10_000;

    @TempDir
    Path dir;

    @Test
    void theCapHoldsAndALegitimateClientRegistersOnceTheIdleOnesClose() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, config -> config.withListener(config.listener()
                .withMaxConnections(CAP)
                .withConnectionRate(1_000_000, 2 * CAP)
                .withSlots(new ConnectionSlots(2 * CAP, 2 * CAP, 2 * CAP, Duration.ofSeconds(60), Duration.ofMinutes(10)))
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(120))), builder -> { })) {
            Process idle = new ProcessBuilder(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"),
                    IdleConnections.class.getName(), "127.0.0.1", String.valueOf(gateway.address().getPort()),
                    String.valueOf(CAP))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BufferedReader output = new BufferedReader(new InputStreamReader(idle.getInputStream(), StandardCharsets.UTF_8));
                assertThat(output.readLine()).isEqualTo("ready " + CAP);
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(gateway.metric("lp_active_lp_connections")).isEqualTo(CAP));

                try (LpTestClient extra = gateway.client(WireVersion.V1)) {
                    extra.session().start(Instant.now(), new SecureRandom());
                    LpEvent event = extra.session().receive(extra.readPacket(), Instant.now()).event();
                    assertThat(event).isInstanceOf(LpEvent.GatewayBusy.class);
                }
                assertThat(gateway.metric("lp_connections_total", "result", "busy")).isGreaterThanOrEqualTo(1);
                assertThat(gateway.metric("lp_active_lp_connections")).isEqualTo(CAP);

                idle.getOutputStream().close();
                AtomicReference<LpRegistrationResponse> response = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> registerUnlessBusy(gateway, response));
                assertThat(response.get().success()).as(response.get().error().orElse("")).isTrue();
            } finally {
                idle.destroyForcibly();
                idle.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** One registration attempt; false while the gateway still answers Busy. */
    private static boolean registerUnlessBusy(TestGateway gateway, AtomicReference<LpRegistrationResponse> response)
            throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.handshake();
            response.set(client.register(LpTestClient.dvpnRequest(WireVersion.V1, LpTestClient.randomKey(), null, null)));
            return true;
        } catch (IOException busy) {
            return false;
        }
    }
}
