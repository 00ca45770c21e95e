package io.lpreg.engine.config;

import io.lpreg.testkit.plugin.MapPluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noFileGivesTheDefaults() throws ConfigException {
        assertThat(GatewayConfigLoader.load(Optional.empty(), ConfigOverrides.none()))
                .isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws Exception {
        assertThat(load("")).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void emptyTablesGiveTheDefaults() throws Exception {
        assertThat(load("[listener]\n[metrics]\n[paths]\n[registration]\n[ecash]\n[bandwidth]\n[plugins]\n"))
                .isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        GatewayConfig config = load("""
                storage = "postgres"
                wireguard = "wireguard-linux"
                [listener]
                bind = "127.0.0.1:5000"
                max_connections = 7
                connections_per_second_per_ip = 3
                connection_burst_per_ip = 4
                handshake_timeout = "500ms"
                connection_timeout = "2m"
                timestamp_tolerance = "1h"
                shutdown_grace = "1d"
                [metrics]
                enabled = false
                bind = "[::1]:0"
                [paths]
                data_dir = "/srv/lp"
                identity = "/etc/lp/id.key"
                plugins_dir = "/srv/plugins"
                [registration]
                workers = 2
                max_pending = 5
                peer_keepalive = "7s"
                [ecash]
                verifiers = ["bls", "mock"]
                [bandwidth]
                meter_interval = "250ms"
                [plugins.wireguard-linux]
                interface = "lpwg0"
                listen_port = 51820
                userspace = true
                ratio = 1.5
                """);
        assertThat(config.storage()).isEqualTo("postgres");
        assertThat(config.wireGuard()).contains("wireguard-linux");
        assertThat(config.listener()).isEqualTo(new GatewayConfig.Listener(new InetSocketAddress("127.0.0.1", 5000),
                7, 3, 4, Duration.ofMillis(500), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofDays(1)));
        assertThat(config.metrics()).isEqualTo(new GatewayConfig.Metrics(false, new InetSocketAddress("::1", 0)));
        assertThat(config.paths()).isEqualTo(new GatewayConfig.Paths(Path.of("/srv/lp"), Path.of("/etc/lp/id.key"),
                Optional.of(Path.of("/srv/plugins"))));
        assertThat(config.registration()).isEqualTo(new GatewayConfig.Registration(2, 5, Duration.ofSeconds(7)));
        assertThat(config.ecash().verifiers()).containsExactly("bls", "mock");
        assertThat(config.bandwidth().meterInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.plugins()).isEqualTo(Map.of("wireguard-linux",
                Map.of("interface", "lpwg0", "listen_port", "51820", "userspace", "true", "ratio", "1.5")));
    }

    @Test
    void theListenersSlotKeysAreReadAndDefaultWhenAbsent() throws Exception {
        GatewayConfig config = load("""
                [listener]
                max_connections_per_address = 5
                max_connections_per_network = 6
                max_connections_per_site = 7
                hello_timeout = "1500ms"
                proven_source_window = "2m"
                """);
        assertThat(config.listener().slots()).isEqualTo(new io.lpreg.engine.listener.ConnectionSlots(5, 6, 7,
                Duration.ofMillis(1500), Duration.ofMinutes(2)));
        assertThat(load("[listener]\n").listener().slots()).isEqualTo(io.lpreg.engine.listener.ConnectionSlots.defaults());
    }

    @Test
    void theSettlementRetryIsReadFromTheEcashTableAndItsMaximumIsNotBelowItsMinimum() throws Exception {
        GatewayConfig config = load("""
                [ecash]
                settlement_retry_min = "250ms"
                settlement_retry_max = "1h"
                """);
        assertThat(config.ecash().settlementRetryMin()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.ecash().settlementRetryMax()).isEqualTo(Duration.ofHours(1));
        assertRefused("""
                [ecash]
                settlement_retry_max = "1s"
                """, "[ecash] settlement_retry_max = \"1s\": settlement_retry_max must not be shorter than");
    }

    @Test
    void aPluginArrayReachesThePluginAsItsValuesInOrder() throws Exception {
        GatewayConfig config = load("[plugins.ecash-zknym]\nnym_api = [\"http://a\", \"http://b\"]\nquorum = 0.7\n");

        Map<String, String> section = config.plugins().get("ecash-zknym");
        assertThat(section).isEqualTo(Map.of("nym_api[0]", "http://a", "nym_api[1]", "http://b", "quorum", "0.7"));
        assertThat(MapPluginConfig.of(section).values("nym_api")).containsExactly("http://a", "http://b");
        assertThat(MapPluginConfig.of(section).values("quorum")).containsExactly("0.7");
        assertThat(MapPluginConfig.of(section).values("signers")).isEmpty();
    }

    @Test
    void ipv6BindAddressesAreWrittenInBrackets() throws Exception {
        assertThat(load("[listener]\nbind = \"[::]:41264\"\n").listener().bind())
                .isEqualTo(new InetSocketAddress("::", 41264));
    }

    @Test
    void flagsBeatTheFile() throws Exception {
        Path file = write("""
                [listener]
                bind = "127.0.0.1:1111"
                [metrics]
                enabled = false
                bind = "127.0.0.1:2222"
                [paths]
                data_dir = "/from/file"
                identity = "/from/file/id.key"
                plugins_dir = "/from/file/plugins"
                [ecash]
                verifiers = ["bls"]
                """);
        ConfigOverrides flags = new ConfigOverrides(Optional.of(Path.of("/flag/data")),
                Optional.of(new InetSocketAddress("127.0.0.1", 3333)), Optional.of(new InetSocketAddress("127.0.0.1", 4444)),
                Optional.of(Path.of("/flag/plugins")), Optional.of(Path.of("/flag/id.key")), List.of("mock"));

        GatewayConfig config = GatewayConfigLoader.load(Optional.of(file), flags);

        assertThat(config.listener().bind()).isEqualTo(new InetSocketAddress("127.0.0.1", 3333));
        assertThat(config.metrics()).isEqualTo(new GatewayConfig.Metrics(true, new InetSocketAddress("127.0.0.1", 4444)));
        assertThat(config.paths()).isEqualTo(new GatewayConfig.Paths(Path.of("/flag/data"), Path.of("/flag/id.key"),
                Optional.of(Path.of("/flag/plugins"))));
        assertThat(config.ecash().verifiers()).containsExactly("mock");
    }

    @Test
    void withoutFlagsTheFileWins() throws Exception {
        GatewayConfig config = load("[ecash]\nverifiers = [\"bls\"]\n[metrics]\nenabled = false\n");
        assertThat(config.ecash().verifiers()).containsExactly("bls");
        assertThat(config.metrics().enabled()).isFalse();
    }

    @Test
    void theIdentityFollowsTheDataDirectoryOfTheFile() throws Exception {
        GatewayConfig config = load("[paths]\ndata_dir = \"/srv/lp\"\n");
        assertThat(config.paths().identityFile()).isEqualTo(Path.of("/srv/lp/identity.key"));
    }

    @Test
    void theIdentityFollowsTheDataDirectoryOfTheFlag() throws Exception {
        Path file = write("[paths]\ndata_dir = \"/srv/lp\"\n");
        GatewayConfig config = GatewayConfigLoader.load(Optional.of(file), dataDirFlag(Path.of("/flag/data")));
        assertThat(config.paths().identityFile()).isEqualTo(Path.of("/flag/data/identity.key"));
    }

    @Test
    void anIdentitySetInTheFileStaysWhenTheDataDirectoryFlagMovesTheData() throws Exception {
        Path file = write("[paths]\nidentity = \"/etc/lp/id.key\"\n");
        GatewayConfig config = GatewayConfigLoader.load(Optional.of(file), dataDirFlag(Path.of("/flag/data")));
        assertThat(config.paths().identityFile()).isEqualTo(Path.of("/etc/lp/id.key"));
    }

    @Test
    void pathsAreNormalizedSoDotSlashMatchesTheDefault() throws Exception {
        assertThat(load("[paths]\ndata_dir = \"./lpreg-data\"\n").paths()).isEqualTo(GatewayConfig.defaults().paths());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> GatewayConfigLoader.load(Optional.of(missing), ConfigOverrides.none()))
                .isInstanceOf(ConfigException.class).hasMessage("config file not found: " + missing);
    }

    @Test
    void invalidTomlIsReportedWithItsLine() throws Exception {
        Path file = write("storage = \"sqlite\"\n[listener\n");
        assertThatThrownBy(() -> GatewayConfigLoader.load(Optional.of(file), ConfigOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid TOML: ")
                .hasMessageContaining("line 2");
    }

    @Test
    void anUnknownTopLevelKeyIsRefusedByName() {
        assertRefused("storge = \"sqlite\"\n", "unknown key \"storge\" in the top level (known keys: storage, wireguard, "
                + "listener, metrics, paths, registration, ecash, bandwidth, plugins)");
    }

    @Test
    void anUnknownKeyInATableIsRefusedNamingTheTable() {
        assertRefused("[listener]\nbnid = \"0.0.0.0:1\"\n", "unknown key \"bnid\" in [listener] (known keys: bind, "
                + "max_connections, connections_per_second_per_ip, connection_burst_per_ip, handshake_timeout, "
                + "connection_timeout, timestamp_tolerance, shutdown_grace, max_connections_per_address, "
                + "max_connections_per_network, max_connections_per_site, hello_timeout, proven_source_window)");
    }

    @Test
    void anUnknownTableIsRefused() {
        assertRefused("[listner]\nbind = \"0.0.0.0:1\"\n", "unknown key \"listner\" in the top level");
    }

    @Test
    void aValueWhereATableBelongsIsRefused() {
        assertRefused("listener = 5\n", "listener = 5: must be a table, [listener]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            handshake_timeout = 15       | [listener] handshake_timeout = 15: a duration is a string with a unit (ms, s, m, h, d), e.g. "15s"
            handshake_timeout = "15"     | [listener] handshake_timeout = "15": a duration is a number and a unit (ms, s, m, h, d), e.g. "15s"
            handshake_timeout = "15 min" | [listener] handshake_timeout = "15 min": a duration is a number and a unit (ms, s, m, h, d), e.g. "15s"
            handshake_timeout = "-1s"    | [listener] handshake_timeout = "-1s": a duration is a number and a unit (ms, s, m, h, d), e.g. "15s"
            handshake_timeout = "0s"     | [listener] handshake_timeout = "0s": must be positive
            shutdown_grace = "99999999999999999999s" | [listener] shutdown_grace = "99999999999999999999s": a duration is a number and a unit (ms, s, m, h, d), e.g. "15s"
            max_connections = 0          | [listener] max_connections = 0: must be a whole number from 1 to 2147483647
            max_connections = -3         | [listener] max_connections = -3: must be a whole number from 1 to 2147483647
            max_connections = 1.5        | [listener] max_connections = 1.5: must be a whole number from 1 to 2147483647
            max_connections = "10"       | [listener] max_connections = "10": must be a whole number from 1 to 2147483647
            max_connections = 3000000000 | [listener] max_connections = 3000000000: must be a whole number from 1 to 2147483647
            bind = "0.0.0.0"             | [listener] bind = "0.0.0.0": expected HOST:PORT, e.g. 0.0.0.0:41264
            bind = "0.0.0.0:65536"       | [listener] bind = "0.0.0.0:65536": the port must be a number from 0 to 65535
            bind = "0.0.0.0:-1"          | [listener] bind = "0.0.0.0:-1": the port must be a number from 0 to 65535
            bind = "::1:41264"           | [listener] bind = "::1:41264": an IPv6 address needs brackets, e.g. [::]:41264
            bind = "[::1]41264"          | [listener] bind = "[::1]41264": expected [IPv6]:PORT, e.g. [::]:41264
            bind = ":41264"              | [listener] bind = ":41264": the host is missing, e.g. 0.0.0.0:41264
            bind = 41264                 | [listener] bind = 41264: an address is a string HOST:PORT, e.g. "0.0.0.0:41264"
            """)
    void aBadListenerValueIsRefusedNamingKeyAndValue(String line, String message) {
        assertRefused("[listener]\n" + line + "\n", message);
    }

    @Test
    void aNonBooleanEnabledIsRefused() {
        assertRefused("[metrics]\nenabled = \"yes\"\n", "[metrics] enabled = \"yes\": must be true or false");
    }

    @Test
    void aBlankStorageNameIsRefused() {
        assertRefused("storage = \"\"\n", "storage = \"\": must be a non-empty string");
    }

    @Test
    void aBlankWireGuardNameIsRefused() {
        assertRefused("wireguard = \" \"\n", "wireguard = \" \": must be a non-empty string");
    }

    @Test
    void aBadPathIsRefused() {
        assertRefused("[paths]\ndata_dir = 3\n", "[paths] data_dir = 3: must be a non-empty path string");
    }

    @Test
    void verifiersMustBeAnArrayOfDistinctNames() {
        assertRefused("[ecash]\nverifiers = \"mock\"\n",
                "[ecash] verifiers = \"mock\": must be an array of names, e.g. [\"bls\"]");
        assertRefused("[ecash]\nverifiers = [\"bls\", 3]\n",
                "[ecash] verifiers = [\"bls\",3]: every element must be a non-empty string");
        assertRefused("[ecash]\nverifiers = [\"bls\", \"bls\"]\n",
                "[ecash] verifiers = [\"bls\",\"bls\"]: \"bls\" is listed twice");
    }

    @Test
    void pluginSectionsRefuseNestedTablesAndNestedArrays() {
        assertRefused("[plugins.sqlite.nested]\nx = 1\n", "[plugins.sqlite] nested = {\"x\":1}: plugin settings are "
                + "strings, numbers, booleans or arrays of those; nested tables and nested arrays are not supported");
        assertRefused("[plugins.sqlite]\nx = [[1]]\n", "[plugins.sqlite] x = [1]: plugin settings are "
                + "strings, numbers, booleans or arrays of those; nested tables and nested arrays are not supported");
        assertRefused("[plugins]\nsqlite = 1\n", "[plugins] sqlite = 1: must be a table, [plugins.sqlite]");
    }

    @Test
    void aBadFlagVerifierIsRefusedNamingTheFlag() {
        ConfigOverrides flags = new ConfigOverrides(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of("mock", "mock"));
        assertThatThrownBy(() -> GatewayConfigLoader.load(Optional.empty(), flags))
                .isInstanceOf(ConfigException.class).hasMessage("--ecash: verifier \"mock\" is given twice");
    }

    @Test
    void aBadValueInTheFileIsRefusedEvenWhenAFlagOverridesIt() throws IOException {
        Path file = write("[listener]\nbind = \"nonsense\"\n");
        ConfigOverrides flags = new ConfigOverrides(Optional.empty(), Optional.of(new InetSocketAddress("127.0.0.1", 1)),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        assertThatThrownBy(() -> GatewayConfigLoader.load(Optional.of(file), flags))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[listener] bind = \"nonsense\"");
    }

    private static ConfigOverrides dataDirFlag(Path dataDirectory) {
        return new ConfigOverrides(Optional.of(dataDirectory), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
    }

    private void assertRefused(String toml, String message) {
        Path file;
        try {
            file = write(toml);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> GatewayConfigLoader.load(Optional.of(file), ConfigOverrides.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": " + message);
    }

    private GatewayConfig load(String toml) throws IOException, ConfigException {
        return GatewayConfigLoader.load(Optional.of(write(toml)), ConfigOverrides.none());
    }

    private Path write(String toml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "gateway", ".toml"), toml);
    }
}
