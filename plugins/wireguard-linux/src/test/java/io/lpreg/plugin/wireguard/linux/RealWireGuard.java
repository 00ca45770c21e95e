package io.lpreg.plugin.wireguard.linux;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests that run real WireGuard need root, a working {@code /dev/net/tun}, wireguard-go, wg and ip. Where
 * one is missing they are skipped with the reason, unless {@code LPREG_REQUIRE_WIREGUARD=1} (CI) makes that a
 * failure (DESIGN.md §9).
 */
final class RealWireGuard {
    private RealWireGuard() {
    }

    static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (they create network namespaces and interfaces)");
        }
        Path tun = Path.of("/dev/net/tun");
        if (!Files.isReadable(tun) || !Files.isWritable(tun)) {
            missing.add("a usable /dev/net/tun");
        }
        for (String tool : List.of("wireguard-go", "wg", "ip")) {
            if (!onPath(tool)) {
                missing.add(tool + " on the PATH");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "real WireGuard tests need " + String.join(", ", missing);
        if ("1".equals(System.getenv("LPREG_REQUIRE_WIREGUARD"))) {
            Assertions.fail(reason + "; LPREG_REQUIRE_WIREGUARD=1 makes this a failure instead of a skip");
        }
        Assumptions.abort(reason + " (set LPREG_REQUIRE_WIREGUARD=1 to fail instead of skipping)");
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[2].equals("0"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }
}
