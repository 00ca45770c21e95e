package io.lpreg.engine.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The command-line flags of {@code lpreg gateway}; each present value beats the file.
 *
 * @param dataDirectory {@code --data-dir DIR}
 * @param listen {@code --listen HOST:PORT}
 * @param metrics {@code --metrics HOST:PORT}; also turns metrics on when the file turned them off
 * @param pluginsDirectory {@code --plugins DIR}
 * @param identityFile {@code --identity FILE}
 * @param ecashVerifiers {@code --ecash NAME}, repeatable; when any is given they replace {@code [ecash] verifiers}
 */
public record ConfigOverrides(Optional<Path> dataDirectory, Optional<InetSocketAddress> listen,
                              Optional<InetSocketAddress> metrics, Optional<Path> pluginsDirectory,
                              Optional<Path> identityFile, List<String> ecashVerifiers) {
    public ConfigOverrides {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(listen, "listen is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        requireNonNull(identityFile, "identityFile is null");
        ecashVerifiers = List.copyOf(requireNonNull(ecashVerifiers, "ecashVerifiers is null"));
    }

    public static ConfigOverrides none() {
        return new ConfigOverrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
    }
}
