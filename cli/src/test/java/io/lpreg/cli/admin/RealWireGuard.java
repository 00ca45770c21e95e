package io.lpreg.cli.admin;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real WireGuard needs root, {@code /dev/net/tun}, wireguard-go, wg and ip: skipped with the reason where one is
 * missing, a failure under {@code LPREG_REQUIRE_WIREGUARD=1} (CI), as in the wireguard-linux plugin's tests.
 */
final class RealWireGuard {
    private RealWireGuard() {
    }

    static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        Path tun = Path.of("/dev/net/tun");
        if (!Files.isReadable(tun) || !Files.isWritable(tun)) {
            missing.add("a usable /dev/net/tun");
        }
        for (String tool : List.of("wireguard-go", "wg", "ip", "setpriv")) {
            if (!onPath(tool)) {
                missing.add(tool + " on the PATH");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "the admin commands' WireGuard test needs " + String.join(", ", missing);
        if ("1".equals(System.getenv("LPREG_REQUIRE_WIREGUARD"))) {
            Assertions.fail(reason + "; LPREG_REQUIRE_WIREGUARD=1 makes this a failure instead of a skip");
        }
        Assumptions.abort(reason + " (set LPREG_REQUIRE_WIREGUARD=1 to fail instead of skipping)");
    }

    static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }
}
