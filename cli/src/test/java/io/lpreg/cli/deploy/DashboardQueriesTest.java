package io.lpreg.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.client.GatewayKey;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.LpRegistrationClient;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.BindAddress;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.protocol.wire.WireVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * deploy/grafana/lpreg.json against a real Prometheus scraping a real gateway under a short load: every query of
 * every panel returns data through Prometheus' HTTP API, as Grafana would run it.
 */
@Timeout(180)
class DashboardQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void everyDashboardQueryReturnsDataFromAGatewayUnderLoad() throws Exception {
        Tools.assumePrometheus();
        List<String> queries = dashboardQueries(Tools.deploy().resolve("grafana/lpreg.json"));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);

        try (LpGateway gateway = startGateway()) {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: lpreg
                        static_configs:
                          - targets: ['%s']
                    """.formatted(Tools.deploy().resolve("prometheus/lpreg-alerts.yml"),
                    BindAddress.format(gateway.metricsAddress().orElseThrow())));
            Process prometheus = new ProcessBuilder(Tools.onPath("prometheus").orElseThrow().toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger registered = new AtomicInteger();
            ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
            try {
                GatewayTarget target = new GatewayTarget(gateway.address(), GatewayKey.identity(gateway.identityKey()));
                LpRegistrationClient client = new LpRegistrationClient(new MockCredentialSource());
                for (int worker = 0; worker < 4; worker++) {
                    int id = worker;
                    load.execute(() -> {
                        // mixnet registrations succeed; every fifth asks for dVPN, which this gateway (no WireGuard) refuses
                        for (int i = 0; loading.get(); i++) {
                            byte[] clientId = new byte[32];
                            clientId[0] = (byte) id;
                            clientId[1] = (byte) i;
                            clientId[2] = (byte) (i >> 8);
                            RegistrationOptions options = i % 5 == 4 ? RegistrationOptions.dvpn(WireVersion.V2)
                                    : RegistrationOptions.mixnet(clientId, i % 2 == 0 ? WireVersion.V1 : WireVersion.V2);
                            if (client.register(target, options).isRegistered()) {
                                registered.incrementAndGet();
                            }
                        }
                    });
                }
                URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query");

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    assertThat(prometheus.isAlive()).as(Files.readString(dir.resolve("prometheus.log"))).isTrue();
                    List<String> empty = new ArrayList<>();
                    for (String query : queries) {
                        JsonNode answer = query(api, query);
                        if (!answer.path("status").asText().equals("success")) {
                            throw new AssertionError("Prometheus refused " + query + ": " + answer);
                        }
                        if (!hasData(answer.at("/data/result"))) {
                            empty.add(query);
                        }
                    }
                    assertThat(empty).as("queries without data").isEmpty();
                });
                assertThat(registered.get()).isPositive();
                JsonNode pool = query(api, "lp_ip_pool_size");
                assertThat(pool.at("/data/result")).hasSize(2);
                JsonNode up = query(api, "up{job=\"lpreg\"}");
                assertThat(up.at("/data/result/0/value/1").asText()).isEqualTo("1");
                JsonNode rules = JSON.readTree(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/rules")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(rules.at("/data/groups/0/rules")).as("the alert rules load into the server").hasSize(7);
                for (JsonNode rule : rules.at("/data/groups/0/rules")) {
                    assertThat(rule.path("health").asText()).as(rule.toString()).isEqualTo("ok");
                }
            } finally {
                loading.set(false);
                load.close();
                prometheus.destroy();
                prometheus.waitFor();
            }
        }
    }

    /** Every panel target's expression, with Grafana's variables as Grafana would fill them for this gateway. */
    static List<String> dashboardQueries(Path dashboard) throws Exception {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText()
                        .replace("$__rate_interval", "15s")
                        .replace("$instance", ".*"));
            }
        }
        return queries;
    }

    private JsonNode query(URI api, String query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(api + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** A vector with at least one sample that is a number (histogram_quantile over no observations is NaN). */
    private static boolean hasData(JsonNode result) {
        for (JsonNode sample : result) {
            String value = sample.at("/value/1").asText();
            if (!value.equals("NaN")) {
                return true;
            }
        }
        return false;
    }

    private LpGateway startGateway() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path bundled = Path.of(System.getProperty("lpreg.test.plugins"));
        for (String id : List.of("storage-sqlite", "ecash-mock")) {
            String zip = "lpreg-plugin-" + id + "-plugin.zip";
            Files.copy(bundled.resolve(zip), plugins.resolve(zip));
        }
        GatewayConfig defaults = GatewayConfig.defaults();
        Path data = dir.resolve("data");
        GatewayConfig config = defaults
                .withListener(defaults.listener()
                        .withBind(new InetSocketAddress("127.0.0.1", 0))
                        .withMaxConnections(1_000)
                        .withConnectionRate(1_000_000, 1_000_000)
                        .withShutdownGrace(Duration.ofSeconds(2)))
                .withMetricsOn(new InetSocketAddress("127.0.0.1", 0))
                .withDataDirectory(data)
                .withPluginsDirectory(plugins)
                .withVerifiers("mock")
                .withStorage("sqlite");
        return LpGateway.builder().config(config).start();
    }
}
