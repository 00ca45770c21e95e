package io.lpreg.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A wg-quick configuration split as wg-quick(8) splits it: the interface addresses and the peers' allowed IPs,
 * which wg-quick applies with ip(8), and the rest, which {@code wg setconf} takes (wg-quick's {@code strip}).
 */
record WgQuickConfig(List<String> addresses, List<String> allowedIps, String wgConfig) {
    /** Keys that only wg-quick understands; {@code wg setconf} refuses them. */
    private static final Set<String> WG_QUICK_ONLY = Set.of("address", "dns", "mtu", "table", "preup", "postup",
            "predown", "postdown", "saveconfig");

    WgQuickConfig {
        addresses = List.copyOf(addresses);
        allowedIps = List.copyOf(allowedIps);
    }

    static WgQuickConfig parse(String text) throws CliException {
        List<String> addresses = new ArrayList<>();
        List<String> allowedIps = new ArrayList<>();
        StringBuilder wg = new StringBuilder();
        String section = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                section = line.toLowerCase(Locale.ROOT);
                wg.append(line).append('\n');
                continue;
            }
            int equals = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || equals < 0) {
                wg.append(line).append('\n');
                continue;
            }
            String key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            List<String> values = Arrays.stream(line.substring(equals + 1).split(",")).map(String::strip)
                    .filter(value -> !value.isEmpty()).toList();
            if (section.equals("[interface]") && key.equals("address")) {
                addresses.addAll(values);
            }
            if (section.equals("[peer]") && key.equals("allowedips")) {
                allowedIps.addAll(values);
            }
            if (!(section.equals("[interface]") && WG_QUICK_ONLY.contains(key))) {
                wg.append(line).append('\n');
            }
        }
        if (addresses.isEmpty()) {
            throw new CliException("the WireGuard configuration has no [Interface] Address");
        }
        return new WgQuickConfig(addresses, allowedIps, wg.toString());
    }
}
