package io.lpreg.plugin.wireguard.linux;

import org.pf4j.Plugin;

/**
 * The plugin's lifecycle in the gateway's plugins folder: when the gateway stops it, the wireguard-go it
 * started is stopped and its interface removed (README.md, "Lifecycle").
 */
public final class WireGuardLinuxPlugin extends Plugin {
    @Override
    public void stop() {
        LiveControllers.closeAll();
    }
}
