package io.lpreg.spi;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginConfigTest {
    private record Section(Map<String, String> values) implements PluginConfig {
        @Override
        public Optional<String> value(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public Set<String> keys() {
            return values.keySet();
        }

        @Override
        public Path dataDirectory() {
            throw new UnsupportedOperationException("no files in this test");
        }
    }

    @Test
    void anAbsentKeyGivesTheDefault() {
        PluginConfig config = new Section(Map.of());

        assertThat(config.string("name", "fallback")).isEqualTo("fallback");
        assertThat(config.longValue("size", 42)).isEqualTo(42);
        assertThat(config.booleanValue("on", true)).isTrue();
        assertThat(config.duration("timeout", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void durationsAreWrittenWithAUnit() {
        PluginConfig config = new Section(Map.of("ms", "500ms", "s", " 15s ", "m", "10m", "h", "2h", "d", "7d"));

        assertThat(config.duration("ms", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.duration("s", Duration.ZERO)).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.duration("m", Duration.ZERO)).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.duration("h", Duration.ZERO)).isEqualTo(Duration.ofHours(2));
        assertThat(config.duration("d", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aDurationWithoutAUnitOrWithAnUnknownOneIsRefused() {
        PluginConfig config = new Section(Map.of("bare", "15", "unit", "15w", "empty", "s"));

        assertThatThrownBy(() -> config.duration("bare", Duration.ZERO))
                .hasMessage("duration needs a number and a unit (ms, s, m, h, d): 15");
        assertThatThrownBy(() -> config.duration("unit", Duration.ZERO))
                .hasMessage("unknown duration unit in 15w (ms, s, m, h, d)");
        assertThatThrownBy(() -> config.duration("empty", Duration.ZERO))
                .hasMessage("duration needs a number and a unit (ms, s, m, h, d): s");
    }

    @Test
    void booleansAreTrueOrFalseAndNothingElse() {
        PluginConfig config = new Section(Map.of("yes", "true", "no", "false", "maybe", "yes"));

        assertThat(config.booleanValue("yes", false)).isTrue();
        assertThat(config.booleanValue("no", true)).isFalse();
        assertThatThrownBy(() -> config.booleanValue("maybe", false)).hasMessage("maybe must be true or false, got yes");
    }

    @Test
    void numbersAndStringsAreReadAsWritten() {
        PluginConfig config = new Section(Map.of("size", "1024", "name", "wg0", "bad", "ten"));

        assertThat(config.longValue("size", 0)).isEqualTo(1024);
        assertThat(config.string("name", "")).isEqualTo("wg0");
        assertThatThrownBy(() -> config.longValue("bad", 0)).isInstanceOf(NumberFormatException.class);
    }
}
