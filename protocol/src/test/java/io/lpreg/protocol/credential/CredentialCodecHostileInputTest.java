package io.lpreg.protocol.credential;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.bincode.BincodeReader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static io.lpreg.protocol.credential.CredentialFixtures.paymentOf;
import static io.lpreg.protocol.credential.CredentialFixtures.splice;
import static io.lpreg.protocol.credential.CredentialFixtures.withPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Whatever the bytes, the decoders answer with a value or an {@link LpProtocolException}, nothing else. */
class CredentialCodecHostileInputTest {
    /** kappa, kappa_e (u64 96 + 96 each), sig, sig_exp (2 × (u64 48 + 48) each): where kappa_k's count is. */
    private static final int BINCODE_KAPPA_K_COUNT = 104 + 104 + 112 + 112;
    /** The same in the varint payment: 97 + 97 + 98 + 98. */
    private static final int VARINT_KAPPA_K_COUNT = 390;

    private static final CredentialSpendingData CREDENTIAL = CredentialFixtures.synthetic(42, 2, 2);
    private static final byte[] TO_BYTES = CredentialCodec.toBytes(CREDENTIAL);
    private static final byte[] BINCODE = CredentialFixtures.bincode(CREDENTIAL);

    @Test
    void toBytesTruncatedAtEveryLengthIsRefused() {
        for (int length = 0; length < TO_BYTES.length; length++) {
            refusedByFromBytes(Arrays.copyOf(TO_BYTES, length));
        }
    }

    @Test
    void paymentTruncatedAtEveryLengthIsRefusedEvenWithAConsistentPrefix() {
        byte[] payment = paymentOf(TO_BYTES);
        for (int length = 0; length < payment.length; length++) {
            refusedByFromBytes(withPayment(TO_BYTES, Arrays.copyOf(payment, length)));
        }
    }

    @Test
    void dummyCredentialTruncatedAtEveryLengthIsRefusedInBothForms() throws Exception {
        byte[] dummy = CredentialFixtures.dummyCredential();
        byte[] bincode = CredentialFixtures.bincode(CredentialCodec.fromBytes(dummy));
        for (int length = 0; length < dummy.length; length++) {
            refusedByFromBytes(Arrays.copyOf(dummy, length));
        }
        for (int length = 0; length < bincode.length; length++) {
            refusedByDecodeBincode(Arrays.copyOf(bincode, length));
        }
    }

    @Test
    void bincodeTruncatedAtEveryLengthIsRefused() {
        for (int length = 0; length < BINCODE.length; length++) {
            refusedByDecodeBincode(Arrays.copyOf(BINCODE, length));
        }
    }

    @Test
    void hugeBincodeVectorCountIsRefusedBeforeAllocating() {
        for (String count : new String[] {"ffffffffffffffff", "0000008000000000", "ffffff7f00000000",
                "4100000000000000"}) {
            byte[] hostile = splice(BINCODE, BINCODE_KAPPA_K_COUNT, 8, HexFormat.of().parseHex(count));

            LpProtocolException refusal = refusedByDecodeBincode(hostile);
            assertThat(refusal.error()).isEqualTo(LpError.MALFORMED);
            assertThat(refusal.getMessage()).contains("kappa_k length").contains("exceeds 64");
        }
    }

    @Test
    void vectorCountBeyondTheRemainingBytesIsRefusedBeforeAllocating() {
        byte[] hostile = splice(BINCODE, BINCODE_KAPPA_K_COUNT, 8, HexFormat.of().parseHex("4000000000000000"));

        assertThat(refusedByDecodeBincode(hostile).getMessage()).contains("kappa_k claims 64 elements");
    }

    @Test
    void hugeVarintVectorCountIsRefusedBeforeAllocating() {
        byte[] payment = paymentOf(TO_BYTES);
        for (String count : new String[] {"fdffffffffffffffff", "fcffffffff", "fbffff", "41"}) {
            byte[] hostile = withPayment(TO_BYTES,
                    splice(payment, VARINT_KAPPA_K_COUNT, 1, HexFormat.of().parseHex(count)));

            LpProtocolException refusal = refusedByFromBytes(hostile);
            assertThat(refusal.error()).isEqualTo(LpError.MALFORMED);
            assertThat(refusal.getMessage()).contains("kappa_k length");
        }
    }

    @Test
    void overLongVarintIsRefused() {
        byte[] payment = paymentOf(TO_BYTES);
        byte[] hostile = withPayment(TO_BYTES, splice(payment, 0, 1, HexFormat.of().parseHex("fb0060")));

        assertThat(refusedByFromBytes(hostile).getMessage()).contains("over-long varint");
    }

    @Test
    void reservedVarintMarkersAreRefused() {
        byte[] payment = paymentOf(TO_BYTES);
        for (int marker : new int[] {0xfe, 0xff}) {
            byte[] hostile = withPayment(TO_BYTES, splice(payment, 0, 1, new byte[] {(byte) marker}));

            assertThat(refusedByFromBytes(hostile).getMessage()).contains("invalid varint marker");
        }
    }

    @Test
    void pointsWithImplausibleFlagsOrCoordinatesAreRefused() {
        byte[] payment = paymentOf(TO_BYTES);
        byte[] infinityWithSortFlag = new byte[96];
        infinityWithSortFlag[0] = (byte) 0xe0;
        byte[] infinityWithCoordinates = new byte[96];
        infinityWithCoordinates[0] = (byte) 0xc0;
        infinityWithCoordinates[95] = 1;
        byte[] secondCoordinateAboveP = Arrays.copyOfRange(payment, 1, 97);
        secondCoordinateAboveP[48] = (byte) 0xff;
        for (byte[] kappa : new byte[][] {new byte[96], infinityWithSortFlag, infinityWithCoordinates,
                secondCoordinateAboveP}) {
            byte[] hostile = withPayment(TO_BYTES, splice(payment, 1, 96, kappa));

            LpProtocolException refusal = refusedByFromBytes(hostile);
            assertThat(refusal.error()).isEqualTo(LpError.MALFORMED);
            assertThat(refusal.getMessage()).startsWith("kappa:");
        }
        byte[] firstCoordinateAboveP = payment.clone();
        firstCoordinateAboveP[1] = (byte) 0x9b;
        assertThat(refusedByFromBytes(withPayment(TO_BYTES, firstCoordinateAboveP)).getMessage())
                .isEqualTo("kappa: coordinate is not below the field modulus");
    }

    @Test
    void pointWithoutCompressionFlagIsRefusedInBincodeForm() {
        byte[] hostile = BINCODE.clone();
        hostile[8] &= 0x7f;

        assertThat(refusedByDecodeBincode(hostile).getMessage()).isEqualTo("kappa: compression flag not set");
    }

    @Test
    void nonCanonicalScalarIsRefused() {
        byte[] payment = paymentOf(TO_BYTES);
        // cc ends the fixed-size prefix; t_type follows, then challenge's length byte and 32 bytes
        int challengeEnd = VARINT_KAPPA_K_COUNT + 1 + 2 * 97 + 1 + 2 * 98 + 3 * (1 + 2 * 49) + 1 + 49 + 1 + 33;
        assertThat(payment[challengeEnd - 33]).isEqualTo((byte) 0x20);
        byte[] hostile = payment.clone();
        hostile[challengeEnd - 1] = (byte) 0x74;

        assertThat(refusedByFromBytes(withPayment(TO_BYTES, hostile)).getMessage())
                .isEqualTo("challenge: scalar is not below the group order");
    }

    @Test
    void wrongPointLengthPrefixIsRefused() {
        byte[] hostile = BINCODE.clone();
        hostile[0] = 48;

        assertThat(refusedByDecodeBincode(hostile).error()).isEqualTo(LpError.MALFORMED);
    }

    @Test
    void payInfoOfAnyLengthButSeventyTwoIsRefused() {
        int payInfoLength = BINCODE.length - 8 - 6 - 72 - 8;
        for (int length : new int[] {0, 71, 73, -1}) {
            byte[] hostile = BINCODE.clone();
            for (int i = 0; i < 8; i++) {
                hostile[payInfoLength + i] = (byte) ((long) length >>> (8 * i));
            }

            assertThat(refusedByDecodeBincode(hostile).error()).isEqualTo(LpError.BAD_LENGTH);
        }
    }

    @Test
    void impossibleSpendDatesAreRefused() {
        int dateOffset = BINCODE.length - 8 - 6;
        for (String date : new String[] {"e90700006e01", "e90700000000", "102700000100", "f0d8ffff0100"}) {
            byte[] hostile = splice(BINCODE, dateOffset, 6, HexFormat.of().parseHex(date));

            assertThat(refusedByDecodeBincode(hostile).error()).isEqualTo(LpError.MALFORMED);
        }
        for (int julianDay : new int[] {Integer.MIN_VALUE, -1_931_000, 5_373_485, Integer.MAX_VALUE}) {
            byte[] hostile = TO_BYTES.clone();
            int offset = hostile.length - 8 - 4;
            for (int i = 0; i < 4; i++) {
                hostile[offset + i] = (byte) (julianDay >>> (24 - 8 * i));
            }

            assertThat(refusedByFromBytes(hostile).getMessage()).contains("Julian day " + julianDay);
        }
    }

    @Test
    void trailingBytesAreRefusedInToBytesForm() {
        assertThat(refusedByFromBytes(Arrays.copyOf(TO_BYTES, TO_BYTES.length + 1)).error())
                .isEqualTo(LpError.BAD_LENGTH);
        byte[] payment = paymentOf(TO_BYTES);
        byte[] paddedPayment = Arrays.copyOf(payment, payment.length + 1);
        assertThat(refusedByFromBytes(withPayment(TO_BYTES, paddedPayment)).getMessage())
                .isEqualTo("payment has 1 trailing bytes");
    }

    @Test
    void paymentLengthPrefixAboveTheInputIsRefused() {
        byte[] hostile = TO_BYTES.clone();
        hostile[0] = (byte) 0xff;

        assertThat(refusedByFromBytes(hostile).error()).isEqualTo(LpError.BAD_LENGTH);
    }

    @Test
    void mutatedEncodingsYieldAValueOrAProtocolExceptionOnly() {
        Random random = new Random(20251111);
        for (int round = 0; round < 20_000; round++) {
            byte[] toBytes = mutate(TO_BYTES, random);
            byte[] bincode = mutate(BINCODE, random);
            try {
                CredentialCodec.fromBytes(toBytes);
            } catch (LpProtocolException expected) {
                // refused, as it may be
            }
            try {
                CredentialCodec.decodeBincode(new BincodeReader(bincode));
            } catch (LpProtocolException expected) {
                // refused, as it may be
            }
        }
    }

    @Test
    void randomBytesYieldAProtocolExceptionOnly() {
        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            byte[] garbage = new byte[random.nextInt(1400)];
            random.nextBytes(garbage);
            refusedByFromBytes(garbage);
            refusedByDecodeBincode(garbage);
        }
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        byte[] mutated = bytes.clone();
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            int at = random.nextInt(mutated.length);
            mutated[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (mutated[at] ^ 0xff);
        }
        return random.nextInt(4) == 0 ? Arrays.copyOf(mutated, random.nextInt(mutated.length)) : mutated;
    }

    private static LpProtocolException refusedByFromBytes(byte[] bytes) {
        try {
            CredentialSpendingData decoded = CredentialCodec.fromBytes(bytes);
            return fail("accepted %d bytes as %s", bytes.length, decoded);
        } catch (LpProtocolException refusal) {
            return refusal;
        }
    }

    private static LpProtocolException refusedByDecodeBincode(byte[] bytes) {
        try {
            CredentialSpendingData decoded = CredentialCodec.decodeBincode(new BincodeReader(bytes));
            return fail("accepted %d bytes as %s", bytes.length, decoded);
        } catch (LpProtocolException refusal) {
            return refusal;
        }
    }
}
