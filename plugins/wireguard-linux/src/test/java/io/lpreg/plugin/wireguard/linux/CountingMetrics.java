package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.PluginMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Plugin counters the tests can read. */
final class CountingMetrics implements PluginMetrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help) {
        AtomicLong value = counters.computeIfAbsent(name, key -> new AtomicLong());
        return value::addAndGet;
    }

    long value(String name) {
        AtomicLong value = counters.get(name);
        return value == null ? 0 : value.get();
    }
}
