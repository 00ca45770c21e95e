package io.lpreg.engine.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MetricsServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private static final GatewayHealth UP = new GatewayHealth(
            new GatewayHealth.Listener(true, Optional.of(new InetSocketAddress("0.0.0.0", 41264))),
            List.of(new GatewayHealth.Plugin("storage-sqlite", "0.1.0", "STARTED")),
            new GatewayHealth.Component("sqlite", true),
            Optional.of(new GatewayHealth.Component("wireguard-linux", true)),
            new GatewayHealth.Ecash(List.of("bls"), false));

    @Test
    void portZeroBindsAFreePortAndBoundAddressTellsIt() throws Exception {
        try (MetricsServer server = start(() -> UP)) {
            assertThat(server.boundAddress().getPort()).isPositive();
            assertThat(Scrape.get(server.boundAddress(), "/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void metricsAreServedInThePrometheusTextFormat() throws Exception {
        try (MetricsServer server = start(() -> UP)) {
            Scrape scrape = Scrape.get(server.boundAddress(), "/metrics");
            assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(scrape.body()).contains("# TYPE lp_connections_total counter");
        }
    }

    @Test
    void aHealthyGatewayAnswers200WithTheWholeReport() throws Exception {
        try (MetricsServer server = start(() -> UP)) {
            Scrape health = Scrape.get(server.boundAddress(), "/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.contentType()).isEqualTo("application/json");
            assertThat(JSON.readTree(health.body())).isEqualTo(JSON.readTree("""
                    {"status": "up",
                     "listener": {"up": true, "address": "0.0.0.0:41264"},
                     "storage": {"name": "sqlite", "reachable": true},
                     "wireguard": {"name": "wireguard-linux", "reachable": true},
                     "ecash": {"verifiers": ["bls"], "accepts_any_credential": false},
                     "crypto": {"x25519": "bouncycastle", "x25519_description": "bouncycastle (pure Java)"},
                     "plugins": [{"id": "storage-sqlite", "version": "0.1.0", "state": "STARTED"}]}
                    """));
        }
    }

    @Test
    void whatTheStorageReportsAboutItselfAppearsUnderStorageDetails() throws Exception {
        GatewayHealth withDetails = new GatewayHealth(UP.listener(), UP.plugins(),
                new GatewayHealth.Component("postgres", true, java.util.Map.of("server", "10.0.0.5:5432")), UP.wireGuard(), UP.ecash());
        try (MetricsServer server = start(() -> withDetails)) {
            Scrape health = Scrape.get(server.boundAddress(), "/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("storage")).isEqualTo(JSON.readTree("""
                    {"name": "postgres", "reachable": true, "details": {"server": "10.0.0.5:5432"}}
                    """));
        }
    }

    @Test
    void withoutWireGuardTheGatewayIsUpAndReportsNull() throws Exception {
        GatewayHealth noWireGuard = new GatewayHealth(UP.listener(), List.of(), UP.storage(), Optional.empty(),
                new GatewayHealth.Ecash(List.of("mock"), true));
        try (MetricsServer server = start(() -> noWireGuard)) {
            Scrape health = Scrape.get(server.boundAddress(), "/health");
            assertThat(health.status()).isEqualTo(200);
            JsonNode json = JSON.readTree(health.body());
            assertThat(json.get("wireguard").isNull()).isTrue();
            assertThat(json.get("ecash").get("accepts_any_credential").asBoolean()).isTrue();
        }
    }

    @Test
    void aListenerDownIsDegradedAnd503() throws Exception {
        assertDegraded(new GatewayHealth(new GatewayHealth.Listener(false, Optional.empty()), UP.plugins(), UP.storage(),
                UP.wireGuard(), UP.ecash()));
    }

    @Test
    void anUnreachableStorageIsDegradedAnd503() throws Exception {
        assertDegraded(new GatewayHealth(UP.listener(), UP.plugins(), new GatewayHealth.Component("sqlite", false),
                UP.wireGuard(), UP.ecash()));
    }

    @Test
    void anUnreachableWireGuardIsDegradedAnd503() throws Exception {
        assertDegraded(new GatewayHealth(UP.listener(), UP.plugins(), UP.storage(),
                Optional.of(new GatewayHealth.Component("wireguard-linux", false)), UP.ecash()));
    }

    @Test
    void theReportIsTakenAgainOnceItsSecondHasPassed() throws Exception {
        AtomicReference<GatewayHealth> current = new AtomicReference<>(UP);
        try (MetricsServer server = start(current::get)) {
            assertThat(Scrape.get(server.boundAddress(), "/health").status()).isEqualTo(200);
            current.set(new GatewayHealth(UP.listener(), UP.plugins(), new GatewayHealth.Component("sqlite", false),
                    UP.wireGuard(), UP.ecash()));
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> Scrape.get(server.boundAddress(), "/health").status() == 503);
        }
    }

    /** Issue 22 A7: the live checks may spawn a process; a burst of requests must not run them in parallel. */
    @Test
    void aBurstOfHealthRequestsRunsTheLiveChecksOnceAndNeverTwoAtATime() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch requestsSent = new CountDownLatch(1);
        Supplier<GatewayHealth> slow = () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            checks.incrementAndGet();
            try {
                requestsSent.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return UP;
        };
        try (MetricsServer server = start(slow);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(clients.submit(() -> Scrape.get(server.boundAddress(), "/health").status()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> checks.get() >= 1);
            requestsSent.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        assertThat(mostAtOnce).hasValue(1);
        assertThat(checks.get()).as("20 requests within the second the first report is fresh").isLessThanOrEqualTo(2);
    }

    @Test
    void aFailingHealthCheckAnswers500() throws Exception {
        try (MetricsServer server = start(() -> {
            throw new IllegalStateException("storage plugin crashed");
        })) {
            Scrape health = Scrape.get(server.boundAddress(), "/health");
            assertThat(health.status()).isEqualTo(500);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("error");
        }
    }

    @Test
    void otherPathsAnswer404AndOtherMethods405() throws Exception {
        try (MetricsServer server = start(() -> UP)) {
            assertThat(Scrape.get(server.boundAddress(), "/").status()).isEqualTo(404);
            assertThat(Scrape.get(server.boundAddress(), "/admin").status()).isEqualTo(404);
            assertThat(Scrape.get(server.boundAddress(), "/health/deep").status()).isEqualTo(404);
            assertThat(Scrape.send(server.boundAddress(), "/health", "POST").status()).isEqualTo(405);
        }
    }

    @Test
    void closingReleasesThePort() throws Exception {
        InetSocketAddress address;
        try (MetricsServer server = start(() -> UP)) {
            address = server.boundAddress();
        }
        assertThatThrownBy(() -> Scrape.get(address, "/health")).isInstanceOf(ConnectException.class);
    }

    @Test
    void statusIsUpOnlyWhenListenerStorageAndConfiguredWireGuardAre() {
        assertThat(UP.status()).isEqualTo("up");
        assertThat(new GatewayHealth(UP.listener(), UP.plugins(), UP.storage(), Optional.empty(), UP.ecash()).status())
                .isEqualTo("up");
        assertThat(new GatewayHealth(new GatewayHealth.Listener(false, Optional.empty()), UP.plugins(), UP.storage(),
                Optional.empty(), UP.ecash()).status()).isEqualTo("degraded");
    }

    private static void assertDegraded(GatewayHealth health) throws IOException, InterruptedException {
        try (MetricsServer server = start(() -> health)) {
            Scrape response = Scrape.get(server.boundAddress(), "/health");
            assertThat(response.status()).isEqualTo(503);
            assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("degraded");
        }
    }

    private static MetricsServer start(Supplier<GatewayHealth> health) throws IOException {
        return MetricsServer.start(ANY_PORT, GatewayMetrics.withoutJvmMetrics(), health);
    }
}
