package io.lpreg.plugin.wireguard.linux;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controllers of this plugin's class loader that hold something to tear down, so that the PF4J plugin's
 * {@code stop()} can reach the extension instances the gateway created (PF4J gives a plugin no handle on them).
 */
final class LiveControllers {
    private static final Set<LinuxWireGuardController> LIVE = ConcurrentHashMap.newKeySet();

    private LiveControllers() {
    }

    static void add(LinuxWireGuardController controller) {
        LIVE.add(controller);
    }

    static void remove(LinuxWireGuardController controller) {
        LIVE.remove(controller);
    }

    static void closeAll() {
        for (LinuxWireGuardController controller : List.copyOf(LIVE)) {
            controller.close();
        }
    }
}
