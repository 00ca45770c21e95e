package io.lpreg.protocol.credential;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.bincode.BincodeReader;
import io.lpreg.protocol.bincode.BincodeWriter;

import java.nio.ByteBuffer;

import static java.util.Objects.requireNonNull;

/**
 * The two byte forms of a {@link CredentialSpendingData}. Structural only: lengths, integer encodings,
 * point flag bits and canonical coordinates and scalars; no curve arithmetic.
 *
 * <h2>bincode-1 default form (the v1 registration request, docs/wire-v1.md §9.2)</h2>
 * {@code payment ‖ u64 LE 72 ‖ pay_info ‖ i32 LE year ‖ u16 LE ordinal day ‖ u64 LE epoch_id}, with the
 * {@code Payment} serde tree below in fixed-width little-endian integers: every length is a u64 LE, so a
 * G1 is {@code u64 48 ‖ 48 bytes}, a G2 {@code u64 96 ‖ 96}, a scalar {@code u64 32 ‖ 32}.
 *
 * <h2>{@code to_bytes} form (Nym's {@code CredentialSpendingData::to_bytes})</h2>
 * {@code u32 BE payment_len ‖ payment ‖ pay_info (72) ‖ i32 BE Julian day ‖ u64 BE epoch_id}; Nym's
 * {@code try_from_bytes} requires exactly {@code payment_len + 84} bytes after the prefix, and so do we.
 * The payment bytes are {@code Payment::to_bytes}, which is the same serde tree written by
 * {@code binary_serialiser()}: bincode 1 {@code DefaultOptions} (trailing bytes refused) made big-endian
 * and varint. A u8 is one raw byte; a u64 or a length is a varint — one byte if ≤ 250, else
 * {@code 0xfb ‖ u16 BE}, {@code 0xfc ‖ u32 BE} or {@code 0xfd ‖ u64 BE} — so a G1 is {@code 0x30 ‖ 48
 * bytes}, a G2 {@code 0x60 ‖ 96}, a scalar {@code 0x20 ‖ 32}, a {@code Vec} {@code varint count ‖
 * elements}.
 *
 * <h2>The {@code Payment} serde tree (field order)</h2>
 * <pre>
 * kappa G2, kappa_e G2, sig {h G1, s G1}, sig_exp {h G1, s G1},
 * kappa_k Vec&lt;G2&gt;, omega Vec&lt;{h G1, s G1}&gt;, ss Vec&lt;G1&gt;, tt Vec&lt;G1&gt;, aa Vec&lt;G1&gt;,
 * spend_value u64, cc G1, t_type u8,
 * zk_proof { challenge, response_r, response_r_e: Scalar;
 *            responses_r_k, responses_l, responses_o_a: Vec&lt;Scalar&gt;;
 *            response_o_c: Scalar;
 *            responses_mu, responses_o_mu, responses_attributes: Vec&lt;Scalar&gt; }
 * </pre>
 * A one-ticket spend in the {@code to_bytes} form has 1157 payment bytes: one element in each per-coin
 * vector except {@code responses_r_k}, which Nym's spend never fills (count 0), and three
 * {@code responses_attributes}. Reference, in {@code nymtech/nym}: {@code common/nym_offline_compact_ecash/
 * src/traits.rs} ({@code impl_complex_binary_bytable!(Payment)}), {@code src/lib.rs}
 * ({@code binary_serialiser}), {@code src/scheme/mod.rs} ({@code Payment}), {@code src/proofs/proof_spend.rs}
 * ({@code SpendProof}), {@code common/credentials-interface/src/lib.rs} ({@code to_bytes},
 * {@code try_from_bytes}); confirmed byte for byte on the probe's dummy credential (docs/wire-v1.md §9.3).
 *
 * <p>Hostile input: every vector count is capped at {@link #MAX_VECTOR_LENGTH} and by the bytes that
 * remain before anything is allocated; the decoders throw nothing but {@link LpProtocolException}.
 */
public final class CredentialCodec {
    /** Nym's ticketbooks hold 50 tickets, so no honest per-coin vector is longer. */
    public static final int MAX_VECTOR_LENGTH = 64;

    private static final int TO_BYTES_TAIL = CredentialSpendingData.PAY_INFO_SIZE + 4 + 8;

    private CredentialCodec() {
    }

    public static void encodeBincode(CredentialSpendingData credential, BincodeWriter out) {
        requireNonNull(credential, "credential is null");
        requireNonNull(out, "out is null");
        PaymentSerde.write(credential.payment(), new SerdeWriter.Fixint(out));
        out.bytes(credential.payInfo());
        out.i32(credential.spendDate().year());
        out.u16(credential.spendDate().ordinalDay());
        out.u64(credential.epochId());
    }

    /** Reads one credential; bytes after it are left to the caller (it is one field of a request). */
    public static CredentialSpendingData decodeBincode(BincodeReader in) throws LpProtocolException {
        requireNonNull(in, "in is null");
        Payment payment = PaymentSerde.read(new SerdeReader.Fixint(in));
        long payInfoLength = in.u64();
        if (payInfoLength != CredentialSpendingData.PAY_INFO_SIZE) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "pay_info must be 72 bytes, length prefix says " + Long.toUnsignedString(payInfoLength));
        }
        byte[] payInfo = in.raw("pay_info", CredentialSpendingData.PAY_INFO_SIZE);
        int year = in.i32();
        int ordinalDay = in.u16();
        if (!SpendDate.isValid(year, ordinalDay)) {
            throw new LpProtocolException(LpError.MALFORMED,
                    "spend_date: no such date, year " + year + " day " + ordinalDay);
        }
        long epochId = in.u64();
        return new CredentialSpendingData(payment, payInfo, new SpendDate(year, ordinalDay), epochId);
    }

    /**
     * The credential as serde writes it under Nym's LP bincode options (big-endian, varint), the form wire
     * v3 carries inside {@code BandwidthCredential::ZkNym}: the payment, pay_info as a 72-byte string, the
     * date as (zigzag i32 year, u16 ordinal day), the epoch.
     */
    public static byte[] encodeLpVarint(CredentialSpendingData credential) {
        requireNonNull(credential, "credential is null");
        VarintWriter out = new VarintWriter();
        PaymentSerde.write(credential.payment(), out);
        out.byteString(credential.payInfo());
        int year = credential.spendDate().year();
        out.u64(Integer.toUnsignedLong(year << 1 ^ year >> 31));
        out.u64(credential.spendDate().ordinalDay());
        out.u64(credential.epochId());
        return out.toByteArray();
    }

    /** A credential read from the middle of a larger message, and how many bytes it took. */
    public record LpVarintDecoded(CredentialSpendingData credential, int length) {
    }

    /** Reads {@link #encodeLpVarint}'s form starting at {@code offset}; what follows is the caller's. */
    public static LpVarintDecoded decodeLpVarint(byte[] input, int offset) throws LpProtocolException {
        requireNonNull(input, "input is null");
        if (offset < 0 || offset > input.length) {
            throw new IndexOutOfBoundsException("offset " + offset);
        }
        VarintReader in = new VarintReader(input, offset, input.length - offset);
        Payment payment = PaymentSerde.read(in);
        byte[] payInfo = in.byteString("pay_info", CredentialSpendingData.PAY_INFO_SIZE);
        long zigzag = in.u64("spend_date year");
        long ordinal = in.u64("spend_date ordinal");
        if (Long.compareUnsigned(zigzag, 0xffff_ffffL) > 0 || Long.compareUnsigned(ordinal, 0xffff) > 0) {
            throw new LpProtocolException(LpError.MALFORMED, "spend_date out of range");
        }
        int year = (int) (zigzag >>> 1) ^ -(int) (zigzag & 1);
        if (!SpendDate.isValid(year, (int) ordinal)) {
            throw new LpProtocolException(LpError.MALFORMED, "spend_date: no such date, year " + year + " day " + ordinal);
        }
        long epochId = in.u64("epoch_id");
        CredentialSpendingData credential = new CredentialSpendingData(payment, payInfo, new SpendDate(year, (int) ordinal), epochId);
        return new LpVarintDecoded(credential, input.length - offset - in.remaining());
    }

    public static byte[] toBytes(CredentialSpendingData credential) {
        requireNonNull(credential, "credential is null");
        VarintWriter paymentOut = new VarintWriter();
        PaymentSerde.write(credential.payment(), paymentOut);
        byte[] payment = paymentOut.toByteArray();
        return ByteBuffer.allocate(4 + payment.length + TO_BYTES_TAIL)
                .putInt(payment.length)
                .put(payment)
                .put(credential.payInfo())
                .putInt(credential.spendDate().julianDay())
                .putLong(credential.epochId())
                .array();
    }

    /** Strict: the length prefix must account for every byte, and the payment must use all of its own. */
    public static CredentialSpendingData fromBytes(byte[] bytes) throws LpProtocolException {
        requireNonNull(bytes, "bytes is null");
        if (bytes.length < 4 + TO_BYTES_TAIL) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "credential needs at least " + (4 + TO_BYTES_TAIL) + " bytes, got " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long paymentLength = Integer.toUnsignedLong(buffer.getInt());
        if (paymentLength + TO_BYTES_TAIL != buffer.remaining()) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "payment length " + paymentLength + " leaves "
                    + (buffer.remaining() - paymentLength) + " bytes, the layout needs " + TO_BYTES_TAIL);
        }
        VarintReader paymentIn = new VarintReader(bytes, 4, (int) paymentLength);
        Payment payment = PaymentSerde.read(paymentIn);
        if (paymentIn.remaining() != 0) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "payment has " + paymentIn.remaining() + " trailing bytes");
        }
        buffer.position(4 + (int) paymentLength);
        byte[] payInfo = new byte[CredentialSpendingData.PAY_INFO_SIZE];
        buffer.get(payInfo);
        int julianDay = buffer.getInt();
        if (!SpendDate.isValidJulianDay(julianDay)) {
            throw new LpProtocolException(LpError.MALFORMED,
                    "spend_date: Julian day " + julianDay + " is outside years -9999..9999");
        }
        long epochId = buffer.getLong();
        return new CredentialSpendingData(payment, payInfo, SpendDate.fromJulianDay(julianDay), epochId);
    }
}
