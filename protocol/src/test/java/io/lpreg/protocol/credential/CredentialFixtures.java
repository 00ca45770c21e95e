package io.lpreg.protocol.credential;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.bincode.BincodeWriter;
import io.lpreg.protocol.SharedTestVectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

public final class CredentialFixtures {
    static final String DUMMY_SHA256 = "6f28b7c28154e1ef32ffd07ab17e2282a3bc3f53e0254c309a867642bbda56c6";

    private CredentialFixtures() {
    }

    /** The probe's dummy credential in the {@code to_bytes} form; skips the test when absent, fails on CI. */
    static byte[] dummyCredential() {
        try {
            return HexFormat.of().parseHex(Files.readString(SharedTestVectors.require("nym-probe-dummy-credential.hex")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CredentialSpendingData parsedDummy() throws LpProtocolException {
        return CredentialCodec.fromBytes(dummyCredential());
    }

    static byte[] bincode(CredentialSpendingData credential) {
        BincodeWriter out = new BincodeWriter();
        CredentialCodec.encodeBincode(credential, out);
        return out.toByteArray();
    }

    /** A structurally valid credential of random bytes with {@code coins} elements per per-coin vector. */
    public static CredentialSpendingData synthetic(long seed, int coins, long spendValue) {
        Random random = new Random(seed);
        Supplier<G1Point> g1 = () -> new G1Point(point(random, G1Point.SIZE));
        Supplier<G2Point> g2 = () -> new G2Point(point(random, G2Point.SIZE));
        Supplier<Scalar> scalar = () -> {
            byte[] bytes = bytes(random, Scalar.SIZE);
            bytes[Scalar.SIZE - 1] &= 0x3f;
            return new Scalar(bytes);
        };
        Supplier<Signature> signature = () -> new Signature(g1.get(), g1.get());
        SpendProof proof = new SpendProof(scalar.get(), scalar.get(), scalar.get(),
                List.of(), list(coins, scalar), list(coins, scalar), scalar.get(),
                list(coins, scalar), list(coins, scalar), list(3, scalar));
        Payment payment = new Payment(g2.get(), g2.get(), signature.get(), signature.get(),
                list(coins, g2), list(coins, signature), list(coins, g1), list(coins, g1), list(coins, g1),
                spendValue, g1.get(), random.nextInt(256), proof);
        return new CredentialSpendingData(payment, bytes(random, 72), new SpendDate(2025, 315), random.nextLong());
    }

    /** Random bytes with the compression flag set, the infinity flag clear and every coordinate below p. */
    private static byte[] point(Random random, int size) {
        byte[] bytes = bytes(random, size);
        for (int offset = 0; offset < size; offset += G1Point.SIZE) {
            bytes[offset] &= 0x0f;
        }
        bytes[0] |= (byte) 0x80;
        return bytes;
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static <T> List<T> list(int count, Supplier<T> element) {
        List<T> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            elements.add(element.get());
        }
        return elements;
    }

    /** {@code toBytes} form with its payment replaced by {@code payment} (length prefix recomputed). */
    static byte[] withPayment(byte[] toBytes, byte[] payment) {
        int oldLength = readPaymentLength(toBytes);
        byte[] tail = Arrays.copyOfRange(toBytes, 4 + oldLength, toBytes.length);
        byte[] result = new byte[4 + payment.length + tail.length];
        result[0] = (byte) (payment.length >>> 24);
        result[1] = (byte) (payment.length >>> 16);
        result[2] = (byte) (payment.length >>> 8);
        result[3] = (byte) payment.length;
        System.arraycopy(payment, 0, result, 4, payment.length);
        System.arraycopy(tail, 0, result, 4 + payment.length, tail.length);
        return result;
    }

    static byte[] paymentOf(byte[] toBytes) {
        return Arrays.copyOfRange(toBytes, 4, 4 + readPaymentLength(toBytes));
    }

    private static int readPaymentLength(byte[] toBytes) {
        return (toBytes[0] & 0xff) << 24 | (toBytes[1] & 0xff) << 16 | (toBytes[2] & 0xff) << 8 | toBytes[3] & 0xff;
    }

    static byte[] splice(byte[] bytes, int offset, int removed, byte[] inserted) {
        byte[] result = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, result, 0, offset);
        System.arraycopy(inserted, 0, result, offset, inserted.length);
        System.arraycopy(bytes, offset + removed, result, offset + inserted.length, bytes.length - offset - removed);
        return result;
    }
}
