package io.lpreg.protocol.credential;

import java.io.ByteArrayOutputStream;

/** Writes Nym's {@code binary_serialiser()} form (see {@link VarintReader}), always minimal varints. */
final class VarintWriter implements SerdeWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1280);

    @Override
    public void u8(int value) {
        out.write(value);
    }

    @Override
    public void u64(long value) {
        if (Long.compareUnsigned(value, VarintReader.SINGLE_BYTE_MAX) <= 0) {
            out.write((int) value);
        } else if (Long.compareUnsigned(value, 0xffffL) <= 0) {
            out.write(VarintReader.U16_MARKER);
            bigEndian(value, 2);
        } else if (Long.compareUnsigned(value, 0xffff_ffffL) <= 0) {
            out.write(VarintReader.U32_MARKER);
            bigEndian(value, 4);
        } else {
            out.write(VarintReader.U64_MARKER);
            bigEndian(value, 8);
        }
    }

    private void bigEndian(long value, int size) {
        for (int shift = 8 * (size - 1); shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    @Override
    public void length(int length) {
        u64(length);
    }

    @Override
    public void byteString(byte[] value) {
        u64(value.length);
        out.write(value, 0, value.length);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
