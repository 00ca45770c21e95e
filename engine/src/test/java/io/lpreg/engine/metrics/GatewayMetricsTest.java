package io.lpreg.engine.metrics;

import io.lpreg.protocol.LpError;
import io.lpreg.spi.PluginMetrics;
import io.lpreg.spi.RejectionReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class GatewayMetricsTest {
    private GatewayMetrics metrics;
    private MetricsServer server;

    @BeforeEach
    void start() throws Exception {
        metrics = GatewayMetrics.withoutJvmMetrics();
        server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, GatewayMetricsTest::health);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theDesignSection7NamesAreExposedWithTheirTypes() throws Exception {
        metrics.declareModes(List.of("dvpn", "mixnet"));
        metrics.declareSettlementSchemes(List.of("zk-nym"));
        assertThat(scrape().types()).containsOnly(
                entry("lp_connections_total", "counter"),
                entry("lp_active_lp_connections", "gauge"),
                entry("lp_connection_duration_seconds", "histogram"),
                entry("lp_handshakes_success_total", "counter"),
                entry("lp_handshakes_failed_total", "counter"),
                entry("lp_handshake_duration_seconds", "histogram"),
                entry("lp_registration_attempts_total", "counter"),
                entry("lp_registration_success_total", "counter"),
                entry("lp_registration_failed_total", "counter"),
                entry("lp_registration_duration_seconds", "histogram"),
                entry("lp_bandwidth_allocated_bytes_total", "counter"),
                entry("lp_credential_verification_success_total", "counter"),
                entry("lp_credential_verification_failed_total", "counter"),
                entry("lp_settlements_total", "counter"),
                entry("lp_settlement_votes_total", "counter"),
                entry("lp_settlement_penalty_bytes_total", "counter"));
    }

    @Test
    void settlementsAreCountedBySchemeAndOutcomeFromZeroForADeclaredScheme() throws Exception {
        metrics.declareSettlementSchemes(List.of("zk-nym"));
        Map<String, Double> before = scrape().samples();
        for (SettlementOutcome outcome : SettlementOutcome.values()) {
            assertThat(before).containsEntry("lp_settlements_total{outcome=\"" + outcome.label()
                    + "\",scheme=\"zk-nym\"}", 0.0);
        }

        metrics.settlementAttempted("zk-nym", SettlementOutcome.REJECTED);
        metrics.settlementVotes("zk-nym", 2, 5);
        metrics.settlementPenalty(4096);

        Scrape scrape = scrape();
        assertThat(scrape.value("lp_settlements_total{outcome=\"rejected\",scheme=\"zk-nym\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_settlement_votes_total{scheme=\"zk-nym\",vote=\"accept\"}")).isEqualTo(2.0);
        assertThat(scrape.value("lp_settlement_votes_total{scheme=\"zk-nym\",vote=\"reject\"}")).isEqualTo(5.0);
        assertThat(scrape.value("lp_settlement_penalty_bytes_total")).isEqualTo(4096.0);
        assertThatThrownBy(() -> metrics.settlementAttempted("zk nym\"}", SettlementOutcome.CONFIRMED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void histogramsHaveTheBucketsOfTheContract() throws Exception {
        Scrape scrape = scrape();
        assertThat(scrape.buckets("lp_connection_duration_seconds"))
                .containsExactly("0.01", "0.1", "1.0", "5.0", "10.0", "30.0", "+Inf");
        assertThat(scrape.buckets("lp_handshake_duration_seconds"))
                .containsExactly("0.01", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
        assertThat(scrape.buckets("lp_registration_duration_seconds"))
                .containsExactly("0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "+Inf");
    }

    @Test
    void everyClosedLabelValueIsExposedAtZeroBeforeItsFirstEvent() throws Exception {
        Map<String, Double> samples = scrape().samples();
        for (ConnectionResult result : ConnectionResult.values()) {
            assertThat(samples).containsEntry("lp_connections_total{result=\"" + result.label() + "\"}", 0.0);
        }
        for (HandshakeFailure failure : HandshakeFailure.values()) {
            assertThat(samples).containsEntry("lp_handshakes_failed_total{reason=\"" + failure.label() + "\"}", 0.0);
        }
        for (RegistrationFailure failure : RegistrationFailure.values()) {
            assertThat(samples).containsEntry("lp_registration_failed_total{reason=\"" + failure.label() + "\"}", 0.0);
        }
        for (String reason : GatewayMetrics.CREDENTIAL_REJECTION_REASONS) {
            assertThat(samples).containsEntry("lp_credential_verification_failed_total{reason=\"" + reason + "\"}", 0.0);
        }
    }

    @Test
    void aClosedConnectionLeavesTheActiveGaugeAndIsCountedAndTimed() throws Exception {
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed(ConnectionResult.COMPLETED, Duration.ofMillis(500));

        Scrape scrape = scrape();
        assertThat(scrape.value("lp_active_lp_connections")).isEqualTo(1.0);
        assertThat(scrape.value("lp_connections_total{result=\"completed\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_connection_duration_seconds_bucket{le=\"0.1\"}")).isEqualTo(0.0);
        assertThat(scrape.value("lp_connection_duration_seconds_bucket{le=\"1.0\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_connection_duration_seconds_count")).isEqualTo(1.0);
        assertThat(scrape.value("lp_connection_duration_seconds_sum")).isEqualTo(0.5);
    }

    @Test
    void aRefusedConnectionIsCountedButNeverActive() throws Exception {
        metrics.connectionRefused(ConnectionResult.BUSY);
        metrics.connectionRefused(ConnectionResult.RATE_LIMITED);
        metrics.connectionRefused(ConnectionResult.RATE_LIMITED);

        Scrape scrape = scrape();
        assertThat(scrape.value("lp_active_lp_connections")).isEqualTo(0.0);
        assertThat(scrape.value("lp_connections_total{result=\"busy\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_connections_total{result=\"rate_limited\"}")).isEqualTo(2.0);
        assertThat(scrape.value("lp_connection_duration_seconds_count")).isEqualTo(0.0);
    }

    @Test
    void onlyBusyAndRateLimitedAreRefusals() {
        for (ConnectionResult result : List.of(ConnectionResult.COMPLETED, ConnectionResult.FAILED, ConnectionResult.TIMEOUT)) {
            assertThatThrownBy(() -> metrics.connectionRefused(result)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void handshakesAreCountedByOutcomeAndSuccessfulOnesTimed() throws Exception {
        metrics.handshakeSucceeded(Duration.ofMillis(30));
        metrics.handshakeFailed(HandshakeFailure.of(LpError.AEAD_FAILURE));
        metrics.handshakeFailed(HandshakeFailure.TIMEOUT);

        Scrape scrape = scrape();
        assertThat(scrape.value("lp_handshakes_success_total")).isEqualTo(1.0);
        assertThat(scrape.value("lp_handshakes_failed_total{reason=\"aead_failure\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_handshakes_failed_total{reason=\"timeout\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_handshake_duration_seconds_bucket{le=\"0.01\"}")).isEqualTo(0.0);
        assertThat(scrape.value("lp_handshake_duration_seconds_bucket{le=\"0.05\"}")).isEqualTo(1.0);
    }

    @Test
    void everyProtocolErrorHasAHandshakeFailureWithTheSameLabel() {
        for (LpError error : LpError.values()) {
            assertThat(HandshakeFailure.of(error).label()).isEqualTo(error.label());
        }
        assertThat(HandshakeFailure.values()).hasSize(LpError.values().length + 5);
        assertThat(Arrays.stream(HandshakeFailure.values()).map(HandshakeFailure::label))
                .contains("timeout", "replayed_hello", "replayed_ephemeral", "peer_closed", "crypto_budget");
    }

    @Test
    void labelsAreTheSnakeCaseNamesOfTheEnumValues() {
        assertThat(Arrays.stream(ConnectionResult.values()).map(ConnectionResult::label))
                .containsExactly("completed", "failed", "busy", "rate_limited", "source_cap", "timeout", "evicted");
        assertThat(Arrays.stream(RegistrationFailure.values()).map(RegistrationFailure::label)).containsExactly(
                "invalid_timestamp", "malformed_request", "unknown_mode", "no_verifier", "credential_rejected",
                "double_spend", "pool_exhausted", "storage", "wireguard_unavailable", "wireguard", "mode_refused",
                "overloaded", "client_gone", "bad_key_proof", "internal");
    }

    @Test
    void registrationsAreCountedByModeAndReasonAndBothOutcomesTimed() throws Exception {
        metrics.registrationAttempted();
        metrics.registrationAttempted();
        metrics.registrationSucceeded("dvpn", Duration.ofMillis(200), 1L << 30);
        metrics.registrationFailed(RegistrationFailure.DOUBLE_SPEND, Duration.ofSeconds(3));

        Scrape scrape = scrape();
        assertThat(scrape.value("lp_registration_attempts_total")).isEqualTo(2.0);
        assertThat(scrape.value("lp_registration_success_total{mode=\"dvpn\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_registration_failed_total{reason=\"double_spend\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_bandwidth_allocated_bytes_total")).isEqualTo(1073741824.0);
        assertThat(scrape.value("lp_registration_duration_seconds_bucket{le=\"0.25\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_registration_duration_seconds_bucket{le=\"5.0\"}")).isEqualTo(2.0);
        assertThat(scrape.value("lp_registration_duration_seconds_count")).isEqualTo(2.0);
    }

    @Test
    void aDeclaredModeIsExposedAtZeroAndAnUndeclaredOneOnlyOnceItSucceeds() throws Exception {
        metrics.declareModes(List.of("dvpn"));
        assertThat(scrape().samples()).containsEntry("lp_registration_success_total{mode=\"dvpn\"}", 0.0)
                .doesNotContainKey("lp_registration_success_total{mode=\"mixnet\"}");
        metrics.registrationSucceeded("mixnet", Duration.ZERO, 0);
        assertThat(scrape().samples()).containsEntry("lp_registration_success_total{mode=\"mixnet\"}", 1.0);
    }

    @Test
    void aModeThatIsNotANameIsRefused() {
        assertThatThrownBy(() -> metrics.declareModes(List.of("dvpn", "Mixnet"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.registrationSucceeded("DVPN\"}", Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a mode name: DVPN\"}");
        assertThatThrownBy(() -> metrics.registrationSucceeded("dvpn", Duration.ZERO, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.registrationSucceeded("dvpn", Duration.ofSeconds(-1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialRejectionsAcceptTheVerifierReasonsAndTheEngineOnes() throws Exception {
        metrics.credentialVerified();
        for (RejectionReason reason : RejectionReason.values()) {
            metrics.credentialRejected(reason.label());
        }
        metrics.credentialRejected("verifier_error");
        metrics.credentialRejected("no_verifier");

        Scrape scrape = scrape();
        assertThat(scrape.value("lp_credential_verification_success_total")).isEqualTo(1.0);
        assertThat(scrape.value("lp_credential_verification_failed_total{reason=\"bad_signature\"}")).isEqualTo(1.0);
        assertThat(scrape.value("lp_credential_verification_failed_total{reason=\"no_verifier\"}")).isEqualTo(1.0);
        assertThat(GatewayMetrics.CREDENTIAL_REJECTION_REASONS).hasSize(RejectionReason.values().length + 2);
    }

    @Test
    void aCredentialRejectionReasonOutsideTheClosedSetIsRefused() throws Exception {
        assertThatThrownBy(() -> metrics.credentialRejected("ticket 42 was forged by 10.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a credential rejection reason: ticket 42 was forged by 10.0.0.1");
        assertThat(scrape().body()).doesNotContain("forged");
    }

    @Test
    void pluginCountersAreNamespacedAndLabelledWithThePluginId() throws Exception {
        PluginMetrics sqlite = metrics.pluginMetrics("storage-sqlite");
        PluginMetrics other = metrics.pluginMetrics("storage-other");
        sqlite.counter("busy_retries", "SQLITE_BUSY retries").increment();
        sqlite.counter("busy_retries", "SQLITE_BUSY retries").increment(2);
        other.counter("busy_retries", "ignored: the first help text wins").increment();

        Scrape scrape = scrape();
        assertThat(scrape.types()).containsEntry("lp_plugin_busy_retries_total", "counter");
        assertThat(scrape.value("lp_plugin_busy_retries_total{plugin=\"storage-sqlite\"}")).isEqualTo(3.0);
        assertThat(scrape.value("lp_plugin_busy_retries_total{plugin=\"storage-other\"}")).isEqualTo(1.0);
        assertThat(scrape.body()).contains("# HELP lp_plugin_busy_retries_total SQLITE_BUSY retries");
    }

    @Test
    void pluginCounterNamesAndIdsAreValidated() {
        PluginMetrics plugin = metrics.pluginMetrics("p");
        for (String bad : List.of("Busy", "1st", "busy-retries", "", "busy_total")) {
            assertThatThrownBy(() -> plugin.counter(bad, "h")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> metrics.pluginMetrics("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plugin.counter("negative", "h").increment(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoGatewaysInOneJvmKeepTheirOwnCountsAndBothExposeJvmMetrics() throws Exception {
        GatewayMetrics first = new GatewayMetrics();
        GatewayMetrics second = new GatewayMetrics();
        first.handshakeSucceeded(Duration.ofMillis(1));
        first.pluginMetrics("p").counter("events", "h").increment();
        second.pluginMetrics("p").counter("events", "h").increment(5);

        try (MetricsServer firstServer = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), first,
                GatewayMetricsTest::health);
             MetricsServer secondServer = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), second,
                     GatewayMetricsTest::health)) {
            Scrape one = Scrape.get(firstServer.boundAddress(), "/metrics");
            Scrape two = Scrape.get(secondServer.boundAddress(), "/metrics");
            assertThat(one.value("lp_handshakes_success_total")).isEqualTo(1.0);
            assertThat(two.value("lp_handshakes_success_total")).isEqualTo(0.0);
            assertThat(one.value("lp_plugin_events_total{plugin=\"p\"}")).isEqualTo(1.0);
            assertThat(two.value("lp_plugin_events_total{plugin=\"p\"}")).isEqualTo(5.0);
            assertThat(one.types()).containsKey("jvm_memory_used_bytes");
            assertThat(two.types()).containsKey("jvm_memory_used_bytes");
        }
        assertThat(scrape().types()).doesNotContainKey("jvm_memory_used_bytes");
    }

    @Test
    void theSummaryHoldsTheHeadlineNumbers() {
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed(ConnectionResult.COMPLETED, Duration.ofMillis(5));
        metrics.connectionRefused(ConnectionResult.BUSY);
        metrics.handshakeSucceeded(Duration.ofMillis(5));
        metrics.handshakeFailed(HandshakeFailure.REPLAY);
        metrics.registrationAttempted();
        metrics.registrationAttempted();
        metrics.registrationSucceeded("mixnet", Duration.ofMillis(5), 2048);
        metrics.registrationFailed(RegistrationFailure.POOL_EXHAUSTED, Duration.ofMillis(5));
        metrics.credentialVerified();
        metrics.credentialRejected("expired");

        MetricsSummary summary = metrics.summary();

        assertThat(summary.activeConnections()).isEqualTo(1);
        assertThat(summary.connections()).containsEntry(ConnectionResult.COMPLETED, 1L)
                .containsEntry(ConnectionResult.BUSY, 1L).containsEntry(ConnectionResult.FAILED, 0L);
        assertThat(summary.connectionsTotal()).isEqualTo(2);
        assertThat(summary.handshakesSucceeded()).isEqualTo(1);
        assertThat(summary.handshakesFailed()).containsEntry(HandshakeFailure.REPLAY, 1L);
        assertThat(summary.handshakesFailedTotal()).isEqualTo(1);
        assertThat(summary.registrationAttempts()).isEqualTo(2);
        assertThat(summary.registrationsSucceeded()).containsOnly(entry("mixnet", 1L));
        assertThat(summary.registrationsFailed()).containsEntry(RegistrationFailure.POOL_EXHAUSTED, 1L);
        assertThat(summary.bandwidthAllocatedBytes()).isEqualTo(2048);
        assertThat(summary.credentialsVerified()).isEqualTo(1);
        assertThat(summary.credentialsRejected()).containsEntry("expired", 1L);
        assertThat(summary.describe()).isEqualTo("connections 2 (completed 1, busy 1), handshakes 1 ok / 1 failed "
                + "(replay 1), registrations 1 ok (mixnet 1) / 1 failed (pool_exhausted 1), credentials 1 ok / "
                + "1 rejected (expired 1), 2048 bytes allocated");
    }

    @Test
    void aFreshSummaryIsAllZero() {
        MetricsSummary summary = metrics.summary();
        assertThat(summary.describe()).isEqualTo("connections 0, handshakes 0 ok / 0 failed, registrations 0 ok / "
                + "0 failed, credentials 0 ok / 0 rejected, 0 bytes allocated");
        assertThat(summary.connections()).hasSize(ConnectionResult.values().length).allSatisfy((k, v) -> assertThat(v).isZero());
    }

    private Scrape scrape() throws Exception {
        Scrape scrape = Scrape.get(server.boundAddress(), "/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        return scrape;
    }

    private static GatewayHealth health() {
        return new GatewayHealth(new GatewayHealth.Listener(true, Optional.empty()), List.of(),
                new GatewayHealth.Component("sqlite", true), Optional.empty(), new GatewayHealth.Ecash(List.of(), false));
    }
}
