package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.PluginConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/** The plugin's configuration section, {@code [plugins.storage-sqlite]}; every key has a default (README.md). */
record SqliteSettings(Path path, IpPool pool, AllocationStrategy allocation, Duration quarantine,
                      Duration purgeGrace, Duration busyTimeout, Synchronous synchronous) {
    static final String DEFAULT_FILE_NAME = "gateway.db";
    static final String DEFAULT_IPV4_PREFIX = "10.1.0.0/16";
    static final String DEFAULT_IPV6_PREFIX = "fd00::/112";
    static final Duration DEFAULT_QUARANTINE = Duration.ofHours(1);
    static final Duration DEFAULT_PURGE_GRACE = Duration.ofDays(1);
    static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    static final Set<String> KEYS = Set.of("path", "ipv4_prefix", "ipv6_prefix", "allocation", "quarantine",
            "purge_grace", "busy_timeout", "synchronous");

    SqliteSettings {
        requireNonNull(path, "path is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(allocation, "allocation is null");
        requireNonNull(quarantine, "quarantine is null");
        requireNonNull(purgeGrace, "purgeGrace is null");
        requireNonNull(busyTimeout, "busyTimeout is null");
        requireNonNull(synchronous, "synchronous is null");
        requireNotNegative("quarantine", quarantine);
        requireNotNegative("purge_grace", purgeGrace);
        requireNotNegative("busy_timeout", busyTimeout);
        if (busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busy_timeout is too long: " + busyTimeout);
        }
    }

    /** Reads the section; an unknown key is refused, so a misspelt setting never silently falls back to its default. */
    static SqliteSettings from(PluginConfig config) {
        requireNonNull(config, "config is null");
        Set<String> unknown = new TreeSet<>(config.keys());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) " + unknown + "; known keys are " + new TreeSet<>(KEYS));
        }
        Path path = config.value("path").map(Path::of)
                .orElseGet(() -> config.dataDirectory().resolve(DEFAULT_FILE_NAME));
        IpPrefix ipv4 = IpPrefix.parse(config.string("ipv4_prefix", DEFAULT_IPV4_PREFIX));
        IpPrefix ipv6 = IpPrefix.parse(config.string("ipv6_prefix", DEFAULT_IPV6_PREFIX));
        if (!ipv4.isIpv4()) {
            throw new IllegalArgumentException("ipv4_prefix is not an IPv4 prefix: " + ipv4);
        }
        if (!ipv6.isIpv6()) {
            throw new IllegalArgumentException("ipv6_prefix is not an IPv6 prefix: " + ipv6);
        }
        return new SqliteSettings(
                path,
                new IpPool(ipv4, ipv6),
                AllocationStrategy.parse(config.string("allocation", "sequential")),
                config.duration("quarantine", DEFAULT_QUARANTINE),
                config.duration("purge_grace", DEFAULT_PURGE_GRACE),
                config.duration("busy_timeout", DEFAULT_BUSY_TIMEOUT),
                Synchronous.parse(config.string("synchronous", "full")));
    }

    private static void requireNotNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative: " + value);
        }
    }
}
