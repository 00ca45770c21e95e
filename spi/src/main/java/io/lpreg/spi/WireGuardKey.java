package io.lpreg.spi;

import java.util.Arrays;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/** A WireGuard (X25519) public key: 32 bytes, written as padded standard Base64 like {@code wg} does. */
public record WireGuardKey(byte[] bytes) {
    public static final int SIZE = 32;

    public WireGuardKey {
        requireNonNull(bytes, "bytes is null");
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("a WireGuard key is 32 bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    public static WireGuardKey fromBase64(String base64) {
        requireNonNull(base64, "base64 is null");
        return new WireGuardKey(Base64.getDecoder().decode(base64));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Lowercase hex, the encoding of the WireGuard cross-platform userspace API. */
    public String hex() {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireGuardKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64();
    }
}
