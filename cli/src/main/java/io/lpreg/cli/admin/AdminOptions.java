package io.lpreg.cli.admin;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --admin PATH} / {@code --data-dir DIR}: where the running gateway's admin socket is; {@code --json}. */
public final class AdminOptions {
    @Option(names = "--admin", paramLabel = "PATH",
            description = "The gateway's admin socket (default <data-dir>/admin.sock)")
    Path admin;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The gateway's data directory (default ./lpreg-data)")
    Path dataDir;

    @Option(names = "--json", description = "Print the gateway's answer as JSON")
    boolean json;

    Path socket() {
        if (admin != null) {
            return admin;
        }
        return (dataDir != null ? dataDir : Path.of("lpreg-data")).resolve("admin.sock");
    }
}
