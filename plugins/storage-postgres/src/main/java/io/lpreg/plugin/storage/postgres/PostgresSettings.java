package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.PluginConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The plugin's configuration section, {@code [plugins.storage-postgres]} (README.md). {@code url} and
 * {@code node} have no default: a fleet member must say which database and which node it is. The password is
 * never a key: it is read from {@code password_file}, so it appears neither in the TOML file nor on a
 * command line.
 */
record PostgresSettings(String url, String user, Optional<Path> passwordFile, String node, String ipv4Prefix,
                        String ipv6Prefix, AllocationStrategy allocation, Duration quarantine, Duration purgeGrace,
                        int poolSize, Duration connectionTimeout, Duration statementTimeout,
                        Optional<String> synchronousCommit, boolean requireSynchronousStandby) {
    static final String DEFAULT_USER = "lpreg";
    static final String DEFAULT_IPV4_PREFIX = "10.1.0.0/16";
    static final String DEFAULT_IPV6_PREFIX = "fd00::/112";
    static final Duration DEFAULT_QUARANTINE = Duration.ofHours(1);
    static final Duration DEFAULT_PURGE_GRACE = Duration.ofDays(1);
    static final int DEFAULT_POOL_SIZE = 10;
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    static final Set<String> KEYS = Set.of("url", "user", "password_file", "node", "ipv4_prefix", "ipv6_prefix",
            "allocation", "quarantine", "purge_grace", "pool_size", "connection_timeout", "statement_timeout",
            "synchronous_commit", "require_synchronous_standby");
    /** PostgreSQL's levels, most durable first; absent: the server's own setting. */
    static final List<String> SYNCHRONOUS_COMMIT = List.of("remote_apply", "on", "remote_write", "local", "off");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    PostgresSettings {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(passwordFile, "passwordFile is null");
        requireNonNull(node, "node is null");
        requireNonNull(ipv4Prefix, "ipv4Prefix is null");
        requireNonNull(ipv6Prefix, "ipv6Prefix is null");
        requireNonNull(allocation, "allocation is null");
        requireNonNull(quarantine, "quarantine is null");
        requireNonNull(purgeGrace, "purgeGrace is null");
        requireNonNull(connectionTimeout, "connectionTimeout is null");
        requireNonNull(statementTimeout, "statementTimeout is null");
        requireNonNull(synchronousCommit, "synchronousCommit is null");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database?sslmode=...), got " + url);
        }
        if (url.matches("(?i).*[?&]password=.*")) {
            throw new IllegalArgumentException("url must not carry a password; put it in a file and name it in password_file");
        }
        if (!NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("node must be 1-63 letters, digits, '.', '_' or '-' (starting with a letter or digit), got '" + node + "'");
        }
        if (quarantine.isNegative() || purgeGrace.isNegative()) {
            throw new IllegalArgumentException("quarantine and purge_grace must not be negative");
        }
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("pool_size must be between 1 and 1000, got " + poolSize);
        }
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connection_timeout must be at least 250ms, got " + connectionTimeout);
        }
        if (statementTimeout.isNegative() || statementTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("statement_timeout is out of range: " + statementTimeout);
        }
        if (synchronousCommit.isPresent() && !SYNCHRONOUS_COMMIT.contains(synchronousCommit.get())) {
            throw new IllegalArgumentException("synchronous_commit must be one of " + SYNCHRONOUS_COMMIT + ", got " + synchronousCommit.get());
        }
    }

    /** Reads the section; an unknown key is refused, so a misspelt setting never silently falls back to its default. */
    static PostgresSettings from(PluginConfig config) {
        requireNonNull(config, "config is null");
        if (config.value("password").isPresent()) {
            throw new IllegalArgumentException("password is not a key: write the password into a file readable by the gateway only and set password_file");
        }
        Set<String> unknown = new TreeSet<>(config.keys());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) " + unknown + "; known keys are " + new TreeSet<>(KEYS));
        }
        return new PostgresSettings(
                required(config, "url"),
                config.string("user", DEFAULT_USER),
                config.value("password_file").map(Path::of),
                required(config, "node"),
                config.string("ipv4_prefix", DEFAULT_IPV4_PREFIX).strip(),
                config.string("ipv6_prefix", DEFAULT_IPV6_PREFIX).strip(),
                AllocationStrategy.parse(config.string("allocation", "sequential")),
                config.duration("quarantine", DEFAULT_QUARANTINE),
                config.duration("purge_grace", DEFAULT_PURGE_GRACE),
                Math.toIntExact(config.longValue("pool_size", DEFAULT_POOL_SIZE)),
                config.duration("connection_timeout", DEFAULT_CONNECTION_TIMEOUT),
                config.duration("statement_timeout", DEFAULT_STATEMENT_TIMEOUT),
                config.value("synchronous_commit").map(String::strip),
                config.booleanValue("require_synchronous_standby", false));
    }

    private static String required(PluginConfig config, String key) {
        return config.value(key).map(String::strip).filter(value -> !value.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException(key + " is required (see plugins/storage-postgres/README.md)"));
    }
}
