package io.lpreg.cli.deploy;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Third-party tools the deploy tests run; where one is missing they skip, unless a require flag makes it a failure. */
final class Tools {
    private Tools() {
    }

    static Optional<Path> onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, tool);
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Prometheus and promtool (Debian's {@code prometheus}); {@code LPREG_REQUIRE_PROMETHEUS=1} (CI) fails without. */
    static void assumePrometheus() {
        if (onPath("prometheus").isPresent() && onPath("promtool").isPresent()) {
            return;
        }
        String reason = "the Prometheus tests need prometheus and promtool on the PATH (apt-get install prometheus)";
        if ("1".equals(System.getenv("LPREG_REQUIRE_PROMETHEUS"))) {
            Assertions.fail(reason + "; LPREG_REQUIRE_PROMETHEUS=1 makes this a failure instead of a skip");
        }
        Assumptions.abort(reason + " (set LPREG_REQUIRE_PROMETHEUS=1 to fail instead of skipping)");
    }

    /** The repository's deploy/ folder (tests run in cli/). */
    static Path deploy() {
        return Path.of("..", "deploy").toAbsolutePath().normalize();
    }
}
