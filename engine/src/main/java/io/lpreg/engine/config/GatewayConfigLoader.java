package io.lpreg.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.lpreg.engine.listener.ConnectionSlots;
import io.lpreg.spi.PluginConfig;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads the gateway's TOML file (docs/configuration.md) and applies the command-line flags. The file is
 * read into a tree and mapped by hand, so that an unknown key or a bad value is refused with a message
 * that names the file, the table, the key and the value.
 */
public final class GatewayConfigLoader {
    private static final TomlMapper TOML = new TomlMapper();

    private GatewayConfigLoader() {
    }

    /**
     * The configuration of {@code tomlFile} (the defaults when absent) with {@code overrides} applied.
     *
     * @throws ConfigException the file cannot be read, is not TOML, has an unknown key or a bad value, or
     * an override is invalid
     */
    public static GatewayConfig load(Optional<Path> tomlFile, ConfigOverrides overrides) throws ConfigException {
        requireNonNull(tomlFile, "tomlFile is null");
        requireNonNull(overrides, "overrides is null");
        ObjectNode root = tomlFile.isPresent() ? readTree(tomlFile.get()) : JsonNodeFactory.instance.objectNode();
        String source = tomlFile.map(Path::toString).orElse("defaults");
        return map(new Table(source, "", root), overrides);
    }

    private static ObjectNode readTree(Path file) throws ConfigException {
        JsonNode root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = TOML.readTree(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file, e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ConfigException(file + ": not valid TOML: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e, e);
        }
        if (root == null || root.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return (ObjectNode) root;
    }

    private static GatewayConfig map(Table root, ConfigOverrides overrides) throws ConfigException {
        GatewayConfig defaults = GatewayConfig.defaults();
        root.allowOnly("storage", "wireguard", "listener", "metrics", "paths", "registration", "ecash", "bandwidth",
                "plugins");

        String storage = root.name("storage", defaults.storage());
        Optional<String> wireGuard = root.optionalName("wireguard");

        Table listenerTable = root.table("listener");
        listenerTable.allowOnly("bind", "max_connections", "connections_per_second_per_ip", "connection_burst_per_ip",
                "handshake_timeout", "connection_timeout", "timestamp_tolerance", "shutdown_grace",
                "max_connections_per_address", "max_connections_per_network", "max_connections_per_site", "hello_timeout",
                "proven_source_window");
        GatewayConfig.Listener listenerDefaults = defaults.listener();
        InetSocketAddress listenerBind = overrides.listen().orElse(listenerTable.address("bind", listenerDefaults.bind()));
        GatewayConfig.Listener listener = new GatewayConfig.Listener(
                listenerBind,
                listenerTable.count("max_connections", listenerDefaults.maxConnections()),
                listenerTable.count("connections_per_second_per_ip", listenerDefaults.connectionsPerSecondPerIp()),
                listenerTable.count("connection_burst_per_ip", listenerDefaults.connectionBurstPerIp()),
                listenerTable.duration("handshake_timeout", listenerDefaults.handshakeTimeout()),
                listenerTable.duration("connection_timeout", listenerDefaults.connectionTimeout()),
                listenerTable.duration("timestamp_tolerance", listenerDefaults.timestampTolerance()),
                listenerTable.duration("shutdown_grace", listenerDefaults.shutdownGrace()),
                new ConnectionSlots(
                        listenerTable.count("max_connections_per_address", listenerDefaults.slots().perAddress()),
                        listenerTable.count("max_connections_per_network", listenerDefaults.slots().perNetwork()),
                        listenerTable.count("max_connections_per_site", listenerDefaults.slots().perSite()),
                        listenerTable.duration("hello_timeout", listenerDefaults.slots().helloTimeout()),
                        listenerTable.duration("proven_source_window", listenerDefaults.slots().provenFor())));

        Table metricsTable = root.table("metrics");
        metricsTable.allowOnly("enabled", "bind");
        boolean metricsEnabled = metricsTable.bool("enabled", defaults.metrics().enabled());
        InetSocketAddress metricsBind = metricsTable.address("bind", defaults.metrics().bind());
        GatewayConfig.Metrics metrics = overrides.metrics()
                .map(bind -> new GatewayConfig.Metrics(true, bind))
                .orElse(new GatewayConfig.Metrics(metricsEnabled, metricsBind));

        Table pathsTable = root.table("paths");
        pathsTable.allowOnly("data_dir", "identity", "plugins_dir");
        Optional<Path> fileDataDirectory = pathsTable.path("data_dir");
        Optional<Path> fileIdentityFile = pathsTable.path("identity");
        Optional<Path> filePluginsDirectory = pathsTable.path("plugins_dir");
        Path dataDirectory = overrides.dataDirectory().map(Path::normalize).or(() -> fileDataDirectory)
                .orElse(defaults.paths().dataDirectory());
        Path identityFile = overrides.identityFile().map(Path::normalize).or(() -> fileIdentityFile)
                .orElse(GatewayConfig.defaultIdentityFile(dataDirectory));
        Optional<Path> pluginsDirectory = overrides.pluginsDirectory().map(Path::normalize).or(() -> filePluginsDirectory);
        GatewayConfig.Paths paths = new GatewayConfig.Paths(dataDirectory, identityFile, pluginsDirectory);

        Table registrationTable = root.table("registration");
        registrationTable.allowOnly("workers", "max_pending", "peer_keepalive");
        GatewayConfig.Registration registrationDefaults = defaults.registration();
        GatewayConfig.Registration registration = new GatewayConfig.Registration(
                registrationTable.count("workers", registrationDefaults.workers()),
                registrationTable.count("max_pending", registrationDefaults.maxPending()),
                registrationTable.duration("peer_keepalive", registrationDefaults.peerKeepalive()));

        Table ecashTable = root.table("ecash");
        ecashTable.allowOnly("verifiers", "settlement_retry_min", "settlement_retry_max");
        List<String> fileVerifiers = ecashTable.names("verifiers", defaults.ecash().verifiers());
        List<String> verifiers = overrides.ecashVerifiers().isEmpty()
                ? fileVerifiers : checkedFlagNames("--ecash", overrides.ecashVerifiers());
        Duration settlementRetryMin = ecashTable.duration("settlement_retry_min", defaults.ecash().settlementRetryMin());
        Duration settlementRetryMax = ecashTable.duration("settlement_retry_max", defaults.ecash().settlementRetryMax());
        if (settlementRetryMax.compareTo(settlementRetryMin) < 0) {
            String key = ecashTable.value("settlement_retry_max").isPresent() ? "settlement_retry_max"
                    : "settlement_retry_min";
            throw ecashTable.bad(key, ecashTable.value(key).orElseThrow(),
                    "settlement_retry_max must not be shorter than settlement_retry_min");
        }

        Table bandwidthTable = root.table("bandwidth");
        bandwidthTable.allowOnly("meter_interval");
        GatewayConfig.Bandwidth bandwidth = new GatewayConfig.Bandwidth(
                bandwidthTable.duration("meter_interval", defaults.bandwidth().meterInterval()));

        GatewayConfig.Ecash ecash = new GatewayConfig.Ecash(verifiers, settlementRetryMin, settlementRetryMax);
        return new GatewayConfig(listener, metrics, paths, registration, ecash, bandwidth, storage, wireGuard,
                plugins(root.table("plugins")));
    }

    private static Map<String, Map<String, String>> plugins(Table plugins) throws ConfigException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : plugins.entries()) {
            Table section = plugins.table(entry.getKey());
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> value : section.entries()) {
                if (value.getValue().isArray()) {
                    // PluginConfig.values reads an array back from key[0], key[1], …
                    int index = 0;
                    for (JsonNode element : value.getValue()) {
                        values.put(value.getKey() + "[" + index++ + "]", section.scalar(value.getKey(), element));
                    }
                } else {
                    values.put(value.getKey(), section.scalar(value.getKey(), value.getValue()));
                }
            }
            sections.put(entry.getKey(), values);
        }
        return sections;
    }

    private static List<String> checkedFlagNames(String flag, List<String> names) throws ConfigException {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank()) {
                throw new ConfigException(flag + ": a verifier name must not be blank");
            }
            if (!seen.add(name)) {
                throw new ConfigException(flag + ": verifier \"" + name + "\" is given twice");
            }
        }
        return names;
    }

    /** One TOML table: knows its name, so every error can say where it is. */
    private record Table(String source, String name, ObjectNode node) {
        String where() {
            return name.isEmpty() ? "the top level" : "[" + name + "]";
        }

        String qualified(String key) {
            return name.isEmpty() ? key : "[" + name + "] " + key;
        }

        void allowOnly(String... keys) throws ConfigException {
            Set<String> known = Set.of(keys);
            for (Map.Entry<String, JsonNode> entry : entries()) {
                if (!known.contains(entry.getKey())) {
                    throw new ConfigException(source + ": unknown key \"" + entry.getKey() + "\" in " + where()
                            + " (known keys: " + String.join(", ", keys) + ")");
                }
            }
        }

        List<Map.Entry<String, JsonNode>> entries() {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            entries.addAll(node.properties());
            return entries;
        }

        Optional<JsonNode> value(String key) {
            return Optional.ofNullable(node.get(key));
        }

        /** A missing table reads as an empty one, so every key of it takes its default. */
        Table table(String key) throws ConfigException {
            String child = name.isEmpty() ? key : name + "." + key;
            Optional<JsonNode> value = value(key);
            if (value.isEmpty()) {
                return new Table(source, child, JsonNodeFactory.instance.objectNode());
            }
            if (!(value.get() instanceof ObjectNode table)) {
                throw bad(key, value.get(), "must be a table, [" + child + "]");
            }
            return new Table(source, child, table);
        }

        String name(String key, String defaultValue) throws ConfigException {
            return optionalName(key).orElse(defaultValue);
        }

        Optional<String> optionalName(String key) throws ConfigException {
            Optional<JsonNode> value = value(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (!value.get().isTextual() || value.get().asText().isBlank()) {
                throw bad(key, value.get(), "must be a non-empty string");
            }
            return Optional.of(value.get().asText());
        }

        int count(String key, int defaultValue) throws ConfigException {
            Optional<JsonNode> value = value(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            JsonNode number = value.get();
            if (!number.isIntegralNumber() || !number.canConvertToInt() || number.intValue() <= 0) {
                throw bad(key, number, "must be a whole number from 1 to " + Integer.MAX_VALUE);
            }
            return number.intValue();
        }

        boolean bool(String key, boolean defaultValue) throws ConfigException {
            Optional<JsonNode> value = value(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            if (!value.get().isBoolean()) {
                throw bad(key, value.get(), "must be true or false");
            }
            return value.get().booleanValue();
        }

        Duration duration(String key, Duration defaultValue) throws ConfigException {
            Optional<JsonNode> value = value(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            if (!value.get().isTextual()) {
                throw bad(key, value.get(), "a duration is a string with a unit (ms, s, m, h, d), e.g. \"15s\"");
            }
            Duration duration;
            try {
                duration = PluginConfig.parseDuration(value.get().asText());
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw bad(key, value.get(), "a duration is a number and a unit (ms, s, m, h, d), e.g. \"15s\"");
            }
            if (duration.isZero()) {
                throw bad(key, value.get(), "must be positive");
            }
            return duration;
        }

        InetSocketAddress address(String key, InetSocketAddress defaultValue) throws ConfigException {
            Optional<JsonNode> value = value(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            if (!value.get().isTextual()) {
                throw bad(key, value.get(), "an address is a string HOST:PORT, e.g. \"0.0.0.0:41264\"");
            }
            try {
                return BindAddress.parse(value.get().asText());
            } catch (IllegalArgumentException e) {
                throw bad(key, value.get(), e.getMessage());
            }
        }

        Optional<Path> path(String key) throws ConfigException {
            Optional<JsonNode> value = value(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (!value.get().isTextual() || value.get().asText().isBlank()) {
                throw bad(key, value.get(), "must be a non-empty path string");
            }
            try {
                return Optional.of(Path.of(value.get().asText()).normalize());
            } catch (InvalidPathException e) {
                throw bad(key, value.get(), "not a valid path: " + e.getReason());
            }
        }

        List<String> names(String key, List<String> defaultValue) throws ConfigException {
            Optional<JsonNode> value = value(key);
            if (value.isEmpty()) {
                return defaultValue;
            }
            if (!value.get().isArray()) {
                throw bad(key, value.get(), "must be an array of names, e.g. [\"bls\"]");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode element : value.get()) {
                if (!element.isTextual() || element.asText().isBlank()) {
                    throw bad(key, value.get(), "every element must be a non-empty string");
                }
                if (names.contains(element.asText())) {
                    throw bad(key, value.get(), "\"" + element.asText() + "\" is listed twice");
                }
                names.add(element.asText());
            }
            return names;
        }

        /** A plugin's value as the string {@code PluginConfig} hands out. */
        String scalar(String key, JsonNode value) throws ConfigException {
            if (value.isTextual() || value.isBoolean() || value.isNumber()) {
                return value.asText();
            }
            throw bad(key, value, "plugin settings are strings, numbers, booleans or arrays of those; nested "
                    + "tables and nested arrays are not supported");
        }

        ConfigException bad(String key, JsonNode value, String problem) {
            return new ConfigException(source + ": " + qualified(key) + " = " + value + ": " + problem);
        }
    }
}
