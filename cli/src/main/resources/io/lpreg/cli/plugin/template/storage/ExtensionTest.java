package {{PACKAGE}};

import io.lpreg.spi.IpPoolUsage;
import io.lpreg.testkit.plugin.MapPluginConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The storage as the gateway builds it: from its configuration table (plugin-testkit) and the gateway's clock. */
class {{CLASS}}Test {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void startsEmptyWithTheWholePoolFreeAndStopsRefusingWork() throws Exception {
        {{CLASS}} storage = new {{CLASS}}(MapPluginConfig.empty().with("quarantine", "5m"), CLOCK);
        assertThat(storage.name()).isEqualTo("{{ID}}");

        storage.start();
        assertThat(storage.isReachable()).isTrue();
        assertThat(storage.peers()).isEmpty();
        assertThat(storage.ipPoolUsage(CLOCK.instant())).contains(new IpPoolUsage(AddressPool.SIZE, 0, 0));

        storage.stop();
        assertThat(storage.isReachable()).isFalse();
        assertThatThrownBy(storage::peers).hasMessageContaining("not running");
    }

    @Test
    void aBadDurationInItsTableStopsTheGatewayWithTheReason() {
        assertThatThrownBy(() -> new {{CLASS}}(MapPluginConfig.empty().with("purge_grace", "soon"), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("soon");
    }
}
