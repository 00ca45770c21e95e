package io.lpreg.spi;

/**
 * Counters a plugin may publish on the gateway's {@code /metrics}, named
 * {@code lp_plugin_<name>_total{plugin="<plugin-id>"}}. Injected into extension constructors.
 */
public interface PluginMetrics {
    /** A counter; {@code name} is lower snake case. Asking twice for one name returns the same counter. */
    Counter counter(String name, String help);

    interface Counter {
        void increment(long amount);

        default void increment() {
            increment(1);
        }
    }
}
