package io.lpreg.zknym;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * Nym's 72-byte pay_info: {@code randomness[32] ‖ timestamp i64 BE ‖ provider Ed25519 key[32]} (docs/zknym.md §2.2).
 * It is hashed into the proof, so it binds a spend to one gateway and one moment.
 */
public final class PayInfo {
    public static final int SIZE = 72;

    private final byte[] bytes;

    private PayInfo(byte[] bytes) {
        this.bytes = bytes;
    }

    public static PayInfo of(byte[] randomness, long timestamp, byte[] providerKey) {
        requireNonNull(randomness, "randomness is null");
        requireNonNull(providerKey, "providerKey is null");
        if (randomness.length != 32 || providerKey.length != 32) {
            throw new IllegalArgumentException("randomness and provider key are 32 bytes each");
        }
        return new PayInfo(ByteBuffer.allocate(SIZE).put(randomness).putLong(timestamp).put(providerKey).array());
    }

    public static PayInfo fromBytes(byte[] bytes) throws MalformedZkNymException {
        requireNonNull(bytes, "bytes is null");
        if (bytes.length != SIZE) {
            throw new MalformedZkNymException("pay_info is 72 bytes, not " + bytes.length);
        }
        return new PayInfo(bytes.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] view() {
        return bytes;
    }

    public byte[] randomness() {
        return Arrays.copyOfRange(bytes, 0, 32);
    }

    public long timestamp() {
        return ByteBuffer.wrap(bytes, 32, 8).getLong();
    }

    public byte[] providerKey() {
        return Arrays.copyOfRange(bytes, 40, 72);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PayInfo that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "PayInfo(" + HexFormat.of().formatHex(bytes) + ")";
    }
}
