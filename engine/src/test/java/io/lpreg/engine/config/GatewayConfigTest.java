package io.lpreg.engine.config;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigTest {
    private static final GatewayConfig DEFAULTS = GatewayConfig.defaults();

    @Test
    void defaultTopLevelIsSqliteStorageWithoutWireGuardOrPluginSettings() {
        assertThat(DEFAULTS.storage()).isEqualTo("sqlite");
        assertThat(DEFAULTS.wireGuard()).isEmpty();
        assertThat(DEFAULTS.plugins()).isEmpty();
    }

    @Test
    void defaultListenerFollowsLpWireA11() {
        GatewayConfig.Listener listener = DEFAULTS.listener();
        assertThat(listener.bind()).isEqualTo(new InetSocketAddress("0.0.0.0", 41264));
        assertThat(listener.maxConnections()).isEqualTo(10_000);
        assertThat(listener.connectionsPerSecondPerIp()).isEqualTo(100);
        assertThat(listener.connectionBurstPerIp()).isEqualTo(200);
        assertThat(listener.handshakeTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(listener.connectionTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(listener.timestampTolerance()).isEqualTo(Duration.ofSeconds(30));
        assertThat(listener.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void defaultMetricsAreOnAndBoundToLoopback() {
        assertThat(DEFAULTS.metrics().enabled()).isTrue();
        assertThat(DEFAULTS.metrics().bind()).isEqualTo(new InetSocketAddress("127.0.0.1", 9464));
    }

    @Test
    void defaultPathsAreTheDataDirectoryAndTheIdentityInsideIt() {
        assertThat(DEFAULTS.paths().dataDirectory()).isEqualTo(Path.of("lpreg-data"));
        assertThat(DEFAULTS.paths().identityFile()).isEqualTo(Path.of("lpreg-data", "identity.key"));
        assertThat(DEFAULTS.paths().pluginsDirectory()).isEmpty();
    }

    @Test
    void defaultRegistrationHasSixteenWorkersAndA25SecondKeepalive() {
        assertThat(DEFAULTS.registration().workers()).isEqualTo(16);
        assertThat(DEFAULTS.registration().maxPending()).isEqualTo(1024);
        assertThat(DEFAULTS.registration().peerKeepalive()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void noEcashVerifierIsEnabledByDefaultLeastOfAllMock() {
        assertThat(DEFAULTS.ecash().verifiers()).isEmpty();
    }

    @Test
    void eachWitherChangesItsPartAndNothingElse() {
        GatewayConfig.Listener listener = DEFAULTS.listener().withMaxConnections(7)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));

        assertThat(listener).isEqualTo(new GatewayConfig.Listener(DEFAULTS.listener().bind(), 7,
                DEFAULTS.listener().connectionsPerSecondPerIp(), DEFAULTS.listener().connectionBurstPerIp(),
                Duration.ofSeconds(1), Duration.ofSeconds(2), DEFAULTS.listener().timestampTolerance(),
                DEFAULTS.listener().shutdownGrace()));
        assertThat(DEFAULTS.registration().withMaxPending(9)).isEqualTo(new GatewayConfig.Registration(
                DEFAULTS.registration().workers(), 9, DEFAULTS.registration().peerKeepalive()));
        assertThat(DEFAULTS.withMeterInterval(Duration.ofMillis(100)))
                .isEqualTo(new GatewayConfig(DEFAULTS.listener(), DEFAULTS.metrics(), DEFAULTS.paths(),
                        DEFAULTS.registration(), DEFAULTS.ecash(), new GatewayConfig.Bandwidth(Duration.ofMillis(100)),
                        DEFAULTS.storage(), DEFAULTS.wireGuard(), DEFAULTS.plugins()));
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", 0);
        assertThat(DEFAULTS.withMetricsOn(bind).metrics()).isEqualTo(new GatewayConfig.Metrics(true, bind));
        assertThat(DEFAULTS.withMetricsOn(bind).withoutMetrics().metrics())
                .isEqualTo(new GatewayConfig.Metrics(false, bind));
    }

    @Test
    void defaultMeterIntervalIsTenSeconds() {
        assertThat(DEFAULTS.bandwidth().meterInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void recordsRefuseValuesTheLoaderWouldRefuse() {
        assertThatThrownBy(() -> new GatewayConfig.Registration(0, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be positive, got 0");
        assertThatThrownBy(() -> new GatewayConfig.Bandwidth(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("meterInterval must be positive, got PT0S");
        assertThatThrownBy(() -> new GatewayConfig.Ecash(List.of("bls", "bls")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new GatewayConfig(DEFAULTS.listener(), DEFAULTS.metrics(), DEFAULTS.paths(),
                DEFAULTS.registration(), DEFAULTS.ecash(), DEFAULTS.bandwidth(), " ", Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("storage is blank");
    }
}
