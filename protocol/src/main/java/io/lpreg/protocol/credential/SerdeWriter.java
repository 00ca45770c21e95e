package io.lpreg.protocol.credential;

import io.lpreg.protocol.bincode.BincodeWriter;

/** The writing side of {@link SerdeReader}. */
sealed interface SerdeWriter permits SerdeWriter.Fixint, VarintWriter {

    void u8(int value);

    void u64(long value);

    void length(int length);

    void byteString(byte[] value);

    record Fixint(BincodeWriter out) implements SerdeWriter {
        @Override
        public void u8(int value) {
            out.u8(value);
        }

        @Override
        public void u64(long value) {
            out.u64(value);
        }

        @Override
        public void length(int length) {
            out.u64(length);
        }

        @Override
        public void byteString(byte[] value) {
            out.bytes(value);
        }
    }
}
