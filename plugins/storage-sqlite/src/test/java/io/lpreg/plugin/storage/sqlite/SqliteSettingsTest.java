package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.plugin.MapPluginConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteSettingsTest {
    private static final Path DATA = Path.of("/var/lib/lpreg/plugins/storage-sqlite");

    @Test
    void everyKeyHasItsDocumentedDefault() {
        SqliteSettings settings = SqliteSettings.from(MapPluginConfig.in(DATA));

        assertThat(settings.path()).isEqualTo(DATA.resolve("gateway.db"));
        assertThat(settings.pool().ipv4Prefix()).hasToString("10.1.0.0/16");
        assertThat(settings.pool().ipv6Prefix()).hasToString("fd00::/112");
        assertThat(settings.pool().size()).isEqualTo(65_533);
        assertThat(settings.allocation()).isEqualTo(AllocationStrategy.SEQUENTIAL);
        assertThat(settings.quarantine()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.purgeGrace()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.synchronous()).isEqualTo(Synchronous.FULL);
    }

    @Test
    void everyKeyCanBeSet() {
        SqliteSettings settings = SqliteSettings.from(MapPluginConfig.in(DATA)
                .with("path", "/tmp/other.db")
                .with("ipv4_prefix", "10.8.0.0/24")
                .with("ipv6_prefix", "fd42:1::/120")
                .with("allocation", "random")
                .with("quarantine", "10m")
                .with("purge_grace", "2h")
                .with("busy_timeout", "500ms")
                .with("synchronous", "normal"));

        assertThat(settings.path()).isEqualTo(Path.of("/tmp/other.db"));
        assertThat(settings.pool()).hasToString("10.8.0.0/24 + fd42:1::/120 (253 pairs)");
        assertThat(settings.allocation()).isEqualTo(AllocationStrategy.RANDOM);
        assertThat(settings.quarantine()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.purgeGrace()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.busyTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.synchronous()).isEqualTo(Synchronous.NORMAL);
    }

    @Test
    void aMisspeltKeyIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> SqliteSettings.from(MapPluginConfig.in(DATA).with("quarantine_time", "1m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key(s) [quarantine_time]")
                .hasMessageContaining("quarantine");
    }

    @Test
    void prefixesOfTheWrongFamilyOrWithHostBitsAreRefused() {
        assertThatThrownBy(() -> SqliteSettings.from(MapPluginConfig.in(DATA).with("ipv4_prefix", "fd00::/112")))
                .hasMessageContaining("ipv4_prefix is not an IPv4 prefix");
        assertThatThrownBy(() -> SqliteSettings.from(MapPluginConfig.in(DATA).with("ipv6_prefix", "10.0.0.0/8")))
                .hasMessageContaining("ipv6_prefix is not an IPv6 prefix");
        assertThatThrownBy(() -> SqliteSettings.from(MapPluginConfig.in(DATA).with("ipv4_prefix", "10.1.2.3/16")))
                .hasMessageContaining("host bits set");
        assertThatThrownBy(() -> SqliteSettings.from(MapPluginConfig.in(DATA).with("ipv4_prefix", "gateway.example/16")))
                .hasMessageContaining("not an IP address literal");
    }

    @Test
    void badEnumsAndDurationsAreRefused() {
        assertThatThrownBy(() -> SqliteSettings.from(MapPluginConfig.in(DATA).with("allocation", "lowest")))
                .hasMessageContaining("allocation must be sequential or random");
        assertThatThrownBy(() -> SqliteSettings.from(MapPluginConfig.in(DATA).with("synchronous", "off")))
                .hasMessageContaining("synchronous must be full or normal");
        assertThatThrownBy(() -> SqliteSettings.from(MapPluginConfig.in(DATA).with("quarantine", "60")))
                .hasMessageContaining("duration needs a number and a unit");
    }
}
