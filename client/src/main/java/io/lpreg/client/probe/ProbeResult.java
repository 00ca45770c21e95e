package io.lpreg.client.probe;

import io.lpreg.client.Timings;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The LP part of Nym's gateway probe (docs/wire-v1.md §13): which steps succeeded, the first error, and how
 * long each step took.
 */
public record ProbeResult(boolean canConnect, boolean canHandshake, boolean canRegister, Optional<String> error,
                          Timings timings) {
    public ProbeResult {
        requireNonNull(error, "error is null");
        requireNonNull(timings, "timings is null");
    }
}
