package io.lpreg.protocol.bincode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the bincode-1 default encoding (docs/wire-v1.md §2): little-endian fixed-width integers,
 * {@code u64} length prefixes, {@code u32} enum variant indexes, {@code u8} option tags.
 */
public final class BincodeWriter {
    private final ByteArrayOutputStream out;

    public BincodeWriter() {
        this(64);
    }

    public BincodeWriter(int expectedSize) {
        this.out = new ByteArrayOutputStream(expectedSize);
    }

    public BincodeWriter u8(int value) {
        out.write(value);
        return this;
    }

    public BincodeWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public BincodeWriter u16(int value) {
        out.write(value);
        out.write(value >>> 8);
        return this;
    }

    public BincodeWriter u32(int value) {
        for (int shift = 0; shift < 32; shift += 8) {
            out.write(value >>> shift);
        }
        return this;
    }

    public BincodeWriter u64(long value) {
        for (int shift = 0; shift < 64; shift += 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    public BincodeWriter i32(int value) {
        return u32(value);
    }

    public BincodeWriter i64(long value) {
        return u64(value);
    }

    /** An enum variant index ({@code u32}). */
    public BincodeWriter variant(int index) {
        return u32(index);
    }

    /** An {@code Option} tag: 0 for None, 1 for Some (the value follows). */
    public BincodeWriter option(boolean present) {
        return u8(present ? 1 : 0);
    }

    /** A {@code Vec<u8>} or serde byte string: {@code u64} length, then the bytes. */
    public BincodeWriter bytes(byte[] value) {
        u64(value.length);
        return raw(value);
    }

    /** A fixed-size array {@code [u8; N]}: the bytes alone, no length. */
    public BincodeWriter raw(byte[] value) {
        out.write(value, 0, value.length);
        return this;
    }

    /** A {@code String}: {@code u64} length of the UTF-8 bytes, then the bytes. */
    public BincodeWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
