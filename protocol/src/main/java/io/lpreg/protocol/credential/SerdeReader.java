package io.lpreg.protocol.credential;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.bincode.BincodeReader;

/**
 * The few serde primitives a {@link Payment} is made of, so that one description of its structure
 * ({@link PaymentSerde}) reads both the bincode-1 default form and Nym's varint big-endian form.
 */
sealed interface SerdeReader permits SerdeReader.Fixint, VarintReader {

    int u8(String what) throws LpProtocolException;

    long u64(String what) throws LpProtocolException;

    /** A sequence length, at most {@code max}. */
    int length(String what, int max) throws LpProtocolException;

    /** A serde byte string whose length prefix must equal {@code size}. */
    byte[] byteString(String what, int size) throws LpProtocolException;

    int remaining();

    /** bincode-1 default options: fixed-width little-endian integers, u64 lengths. */
    record Fixint(BincodeReader in) implements SerdeReader {
        @Override
        public int u8(String what) throws LpProtocolException {
            return in.u8();
        }

        @Override
        public long u64(String what) throws LpProtocolException {
            return in.u64();
        }

        @Override
        public int length(String what, int max) throws LpProtocolException {
            return in.length(what, max);
        }

        @Override
        public byte[] byteString(String what, int size) throws LpProtocolException {
            return in.exactBytes(what, size);
        }

        @Override
        public int remaining() {
            return in.remaining();
        }
    }
}
