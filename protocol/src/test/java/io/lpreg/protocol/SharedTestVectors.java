package io.lpreg.protocol;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Third-party vector files live in {@code ../shared/testvectors/} beside the clone and are never
 * committed. A user's clone has no shared/: tests that need them skip, except under CI=true, where a
 * missing file fails the run.
 */
public final class SharedTestVectors {
    private SharedTestVectors() {
    }

    /** The file's path, or an aborted (skipped) test when it is absent outside CI. */
    public static Path require(String fileName) {
        for (Path base : new Path[] {Path.of("..", "shared"), Path.of("..", "..", "shared"), Path.of("..", "..", "..", "shared")}) {
            Path candidate = base.resolve("testvectors").resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        String message = "shared/testvectors/" + fileName + " is not beside this clone (third-party data, never committed)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + "; under CI=true it must be there");
        }
        Assumptions.abort(message + "; skipping");
        throw new AssertionError("unreachable");
    }
}
