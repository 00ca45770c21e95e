package io.lpreg.testkit.plugin;

import io.lpreg.spi.PluginMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Plugin metrics that remember their counts, for a test to read. */
public final class CountingMetrics implements PluginMetrics {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help) {
        AtomicLong count = counts.computeIfAbsent(name, key -> new AtomicLong());
        return count::addAndGet;
    }

    /** What counter {@code name} has counted so far; 0 if it was never made. */
    public long count(String name) {
        AtomicLong count = counts.get(name);
        return count == null ? 0 : count.get();
    }
}
