package io.lpreg.plugin.storage.postgres;

import io.lpreg.testkit.plugin.MapPluginConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresSettingsTest {
    private static final MapPluginConfig MINIMAL = MapPluginConfig.in(Path.of("/var/lib/lpreg/plugins/storage-postgres"))
            .with("url", "jdbc:postgresql://127.0.0.1:5432/lpreg")
            .with("node", "gw-eu-1");

    @Test
    void everyKeyHasItsDocumentedDefault() {
        PostgresSettings settings = PostgresSettings.from(MINIMAL);

        assertThat(settings.user()).isEqualTo("lpreg");
        assertThat(settings.passwordFile()).isEmpty();
        assertThat(settings.ipv4Prefix()).isEqualTo("10.1.0.0/16");
        assertThat(settings.ipv6Prefix()).isEqualTo("fd00::/112");
        assertThat(settings.allocation()).isEqualTo(AllocationStrategy.SEQUENTIAL);
        assertThat(settings.quarantine()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.purgeGrace()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.poolSize()).isEqualTo(10);
        assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.synchronousCommit()).as("the server's own setting").isEmpty();
        assertThat(settings.requireSynchronousStandby()).isFalse();
    }

    @Test
    void everyKeyCanBeSet() {
        PostgresSettings settings = PostgresSettings.from(MINIMAL
                .with("url", "jdbc:postgresql://db.example:5433/fleet?sslmode=verify-full&sslrootcert=/etc/lpreg/ca.pem")
                .with("user", "gateway")
                .with("password_file", "/etc/lpreg/pg-password")
                .with("ipv4_prefix", "10.8.0.0/24")
                .with("ipv6_prefix", "fd42:1::/120")
                .with("allocation", "random")
                .with("quarantine", "10m")
                .with("purge_grace", "2h")
                .with("pool_size", "32")
                .with("connection_timeout", "2s")
                .with("statement_timeout", "5s")
                .with("synchronous_commit", "remote_apply")
                .with("require_synchronous_standby", "true"));

        assertThat(settings.url()).isEqualTo("jdbc:postgresql://db.example:5433/fleet?sslmode=verify-full&sslrootcert=/etc/lpreg/ca.pem");
        assertThat(settings.user()).isEqualTo("gateway");
        assertThat(settings.passwordFile()).isEqualTo(Optional.of(Path.of("/etc/lpreg/pg-password")));
        assertThat(settings.node()).isEqualTo("gw-eu-1");
        assertThat(settings.ipv4Prefix()).isEqualTo("10.8.0.0/24");
        assertThat(settings.ipv6Prefix()).isEqualTo("fd42:1::/120");
        assertThat(settings.allocation()).isEqualTo(AllocationStrategy.RANDOM);
        assertThat(settings.quarantine()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.purgeGrace()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.poolSize()).isEqualTo(32);
        assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.synchronousCommit()).contains("remote_apply");
        assertThat(settings.requireSynchronousStandby()).isTrue();
    }

    @Test
    void urlAndNodeAreRequired() {
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.without("url"))).hasMessageContaining("url is required");
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.without("node"))).hasMessageContaining("node is required");
    }

    @Test
    void aPasswordIsNeverAcceptedInTheConfiguration() {
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("password", "hunter2")))
                .hasMessageContaining("password is not a key")
                .hasMessageContaining("password_file")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("url", "jdbc:postgresql://db/lpreg?user=x&password=hunter2")))
                .hasMessageContaining("must not carry a password");
    }

    @Test
    void aMisspeltKeyIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("poolsize", "5")))
                .hasMessageContaining("unknown key(s) [poolsize]");
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("url", "postgres://db/lpreg")))
                .hasMessageContaining("PostgreSQL JDBC URL");
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("node", "gw eu")))
                .hasMessageContaining("node must be");
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("pool_size", "0")))
                .hasMessageContaining("pool_size must be between 1 and 1000");
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("allocation", "lowest")))
                .hasMessageContaining("allocation must be sequential or random");
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("connection_timeout", "100ms")))
                .hasMessageContaining("at least 250ms");
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("synchronous_commit", "yes")))
                .hasMessageContaining("synchronous_commit must be one of [remote_apply, on, remote_write, local, off]");
        assertThatThrownBy(() -> PostgresSettings.from(MINIMAL.with("require_synchronous_standby", "maybe")))
                .hasMessageContaining("require_synchronous_standby must be true or false");
    }
}
