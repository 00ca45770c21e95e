package io.lpreg.spi;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A credential as the client sent it: the scheme names the verifier (for example {@code nym-zknym} or
 * {@code bls-ticket-v1}), the data is in that scheme's own encoding.
 */
public record Credential(String scheme, byte[] data) {
    public Credential {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(data, "data is null");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential other && scheme.equals(other.scheme) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * scheme.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Credential[" + scheme + ", " + data.length + " bytes]";
    }
}
