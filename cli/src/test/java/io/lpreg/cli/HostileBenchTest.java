package io.lpreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lpreg.engine.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.lpreg.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lpreg bench --flood-rate --flood-shape} against the embedded gateway, one run per shape with small
 * numbers: the flood runs in its shape, the legitimate clients still register, and the line reports it.
 */
class HostileBenchTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void home() throws Exception {
        // what the launcher does: -Dlpreg.home=<dist>, whose plugins/ holds the bundled plugins
        Path plugins = Files.createDirectories(dir.resolve("home").resolve("plugins"));
        for (Path zip : TestGateway.pluginZips()) {
            Files.copy(zip, plugins.resolve(zip.getFileName()));
        }
        System.setProperty("lpreg.home", plugins.getParent().toString());
    }

    @AfterAll
    static void clearHome() {
        System.clearProperty("lpreg.home");
    }

    private static JsonNode flood(String shape) throws Exception {
        CliRun run = run("bench", "--embedded", "--use-mock-ecash", "--n", "20", "--concurrency", "2", "--warmup", "0",
                "--flood-rate", "300", "--flood-sources", "20", "--flood-cpu-seconds", "1", "--flood-shape", shape, "--json");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("flood_shape").asText()).isEqualTo(shape);
        assertThat(json.get("flood_alone").get("bogus_connections_total").asLong()).isPositive();
        assertThat(json.get("flood, retrying client").get("registered").asInt()).isEqualTo(20);
        return json;
    }

    private static long handshakeFailures(JsonNode json, String reason) {
        JsonNode count = json.get("at_end").get("gateway_handshake_failures").get(reason);
        return count == null ? 0 : count.asLong();
    }

    @Test
    void aRandomMsg1FloodCostsTheGatewayAFailedDhOrARefusalAtAccept() throws Exception {
        JsonNode json = flood("random-msg1");
        JsonNode results = json.get("at_end").get("gateway_connections_by_result");
        assertThat(handshakeFailures(json, "aead_failure") + results.get("rate_limited").asLong()).isPositive();
    }

    @Test
    void aReplayedMsg1IsRefusedAsAReplayedEphemeral() throws Exception {
        assertThat(handshakeFailures(flood("replayed-msg1"), "replayed_ephemeral")).isPositive();
    }

    @Test
    void anIdleFloodHoldsConnectionsUntilTheHelloDeadlineClosesThem() throws Exception {
        JsonNode json = flood("idle");
        assertThat(json.get("at_end").get("flood_held_max").asLong()).isPositive();
        assertThat(handshakeFailures(json, "timeout")).as("silent connections closed at the hello deadline").isPositive();
        assertThat(json.get("at_end").get("live_heap_bytes").asLong()).isPositive();
        assertThat(json.get("at_end").has("netty_direct_bytes")).isTrue();
    }

    @Test
    void aPartialFrameFloodCompletesHandshakesThenStallsPaysThePenaltyAndTheGatewaysMemoryIsReported() throws Exception {
        JsonNode json = flood("partial-frame");
        assertThat(json.get("at_end").get("flood_held_max").asLong()).isPositive();
        assertThat(json.get("at_end").get("gateway_connections_by_result").get("rate_limited").asLong())
                .as("a handshake without a request in time costs its source the penalty: 15 connections/s per source"
                        + " are then more than its bucket refills").isPositive();
        assertThat(json.get("at_end").get("gateway_connections_by_result").get("completed").asLong())
                .as("the legitimate registrations; the flood's connections never complete").isBetween(40L, 60L);
        assertThat(json.get("at_end").get("live_heap_bytes").asLong()).isPositive();
        assertThat(json.get("at_end").get("jdk_direct_bytes").asLong()).isNotNegative();
    }

    @Test
    void aHelloOnlyFloodHoldsConnectionsWithoutAnyCrypto() throws Exception {
        JsonNode json = flood("hello-only");
        assertThat(json.get("at_end").get("flood_held_max").asLong()).isPositive();
        assertThat(handshakeFailures(json, "aead_failure")).isZero();
    }

    @Test
    void anUnknownShapeIsAUsageError() {
        CliRun run = run("bench", "--embedded", "--use-mock-ecash", "--n", "1", "--flood-rate", "10", "--flood-shape",
                "slowloris");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--flood-shape");
    }
}
