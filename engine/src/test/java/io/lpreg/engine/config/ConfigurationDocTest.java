package io.lpreg.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md is read from the repository, so the documentation cannot drift from the loader. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern TOML_BLOCK = Pattern.compile("```toml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theExampleWithEveryDefaultLoadsAsTheDefaults() throws Exception {
        assertThat(load(tomlBlocks().get(0))).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void theDvpnExampleLoads() throws Exception {
        GatewayConfig config = load(tomlBlocks().get(1));
        assertThat(config.wireGuard()).contains("wireguard-linux");
        assertThat(config.ecash().verifiers()).containsExactly("bls");
        assertThat(config.plugins()).containsKeys("wireguard-linux", "storage-sqlite");
    }

    @Test
    void everyExampleOfTheDocumentLoads() throws Exception {
        for (String block : tomlBlocks()) {
            assertThat(load(block)).as(block).isNotNull();
        }
    }

    @Test
    void everyKeyOfTheLoaderIsDocumentedInATable() throws IOException {
        String doc = Files.readString(DOC);
        for (String key : List.of("storage", "wireguard", "bind", "max_connections", "connections_per_second_per_ip",
                "connection_burst_per_ip", "handshake_timeout", "connection_timeout", "timestamp_tolerance",
                "shutdown_grace", "enabled", "data_dir", "identity", "plugins_dir", "workers", "max_pending",
                "peer_keepalive", "verifiers", "meter_interval")) {
            assertThat(doc).contains("| `" + key + "` |");
        }
        for (String flag : List.of("--data-dir DIR", "--listen HOST:PORT", "--metrics HOST:PORT", "--plugins DIR",
                "--identity FILE", "--ecash NAME", "--wireguard IP:PORT")) {
            assertThat(doc).contains("| `" + flag + "` |");
        }
    }

    private GatewayConfig load(String toml) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("example.toml"), toml);
        return GatewayConfigLoader.load(Optional.of(file), ConfigOverrides.none());
    }

    private static List<String> tomlBlocks() throws IOException {
        Matcher matcher = TOML_BLOCK.matcher(Files.readString(DOC));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        assertThat(blocks).as("the defaults example, the dVPN example, then plugin examples").hasSizeGreaterThanOrEqualTo(2);
        return blocks;
    }
}
