package io.lpreg.engine.registration;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.SettlementState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The settlement outbox in the real gateway (SQLite from its plugin): it outlives a restart. */
class SettlementGatewayTest {
    private static final Duration RETRY = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private static TestGateway start(Path dir) throws Exception {
        return TestGateway.start(dir, config -> config.withSettlementRetry(RETRY, RETRY), builder -> { });
    }

    private static double settlements(TestGateway gateway, String outcome) throws Exception {
        return gateway.metric("lp_settlements_total", "outcome", outcome, "scheme", TestVerifier.SCHEME);
    }

    @Test
    void aSpendStillPendingAtShutdownIsSettledByTheNextRun() throws Exception {
        String id = UUID.randomUUID().toString();
        try (TestGateway gateway = start(dir);
             LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            assertThat(client.register(LpTestClient.dvpnRequest(WireVersion.V2, LpTestClient.randomKey(),
                    TestVerifier.SCHEME, TestVerifier.voucher("report:" + id))).success()).isTrue();
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(settlements(gateway, "retry")).isPositive());
            assertThat(settlements(gateway, "confirmed")).isZero();
        }

        TestVerifier.settleAs(id, SettlementState.CONFIRMED);

        try (TestGateway restarted = start(dir)) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(settlements(restarted, "confirmed")).isEqualTo(1));
            assertThat(restarted.metric("lp_settlement_votes_total", "scheme", TestVerifier.SCHEME, "vote", "accept"))
                    .isEqualTo(1);
        }
    }
}
