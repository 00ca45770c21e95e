package io.lpreg.protocol.credential;

import io.lpreg.protocol.bincode.BincodeReader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialCodecRoundTripTest {

    @Test
    void dummyToBytesThroughBincodeAndBackIsIdentical() throws Exception {
        byte[] original = CredentialFixtures.dummyCredential();

        assertThat(toBytesThroughBincode(original)).isEqualTo(original);
    }

    @Test
    void syntheticCredentialsSurviveBothForms() throws Exception {
        for (int coins = 0; coins <= 5; coins++) {
            CredentialSpendingData credential = CredentialFixtures.synthetic(coins, coins, coins);
            byte[] toBytes = CredentialCodec.toBytes(credential);

            assertThat(CredentialCodec.fromBytes(toBytes)).isEqualTo(credential);
            assertThat(decodeBincode(CredentialFixtures.bincode(credential))).isEqualTo(credential);
            assertThat(toBytesThroughBincode(toBytes)).isEqualTo(toBytes);
        }
    }

    @Test
    void maximalVectorsRoundTrip() throws Exception {
        CredentialSpendingData credential = CredentialFixtures.synthetic(7, CredentialCodec.MAX_VECTOR_LENGTH, 64);

        assertThat(CredentialCodec.fromBytes(CredentialCodec.toBytes(credential))).isEqualTo(credential);
        assertThat(decodeBincode(CredentialFixtures.bincode(credential))).isEqualTo(credential);
    }

    @Test
    void spendValueUsesEveryVarintWidthInToBytes() throws Exception {
        long[] values = {250, 251, 0xffff, 0x1_0000, 0xffff_ffffL, 0x1_0000_0000L, -1L};
        String[] encodings = {"fa", "fb00fb", "fbffff", "fc00010000", "fcffffffff", "fd0000000100000000",
                "fdffffffffffffffff"};
        for (int i = 0; i < values.length; i++) {
            CredentialSpendingData credential = CredentialFixtures.synthetic(i, 0, values[i]);
            byte[] toBytes = CredentialCodec.toBytes(credential);
            // kappa, kappa_e (97 each), sig, sig_exp (98 each), five empty vectors (1 each)
            int offset = 4 + 97 + 97 + 98 + 98 + 5;
            String encoded = HexFormat.of().formatHex(toBytes, offset, offset + encodings[i].length() / 2);

            assertThat(encoded).isEqualTo(encodings[i]);
            assertThat(CredentialCodec.fromBytes(toBytes).payment().spendValue()).isEqualTo(values[i]);
        }
    }

    @Test
    void bincodeWritesSpendDate2025Day315AsYearThenOrdinal() throws Exception {
        CredentialSpendingData credential =
                CredentialFixtures.synthetic(1, 1, 1).withSpendDate(new SpendDate(2025, 315));
        byte[] bincode = CredentialFixtures.bincode(credential);
        int dateOffset = bincode.length - 8 - 6;

        assertThat(HexFormat.of().formatHex(bincode, dateOffset, dateOffset + 6)).isEqualTo("e90700003b01");
        assertThat(decodeBincode(bincode).spendDate().toLocalDate()).hasToString("2025-11-11");
    }

    @Test
    void bincodeFormStartsWithU64LengthPrefixedKappaAndEndsWithEpochLittleEndian() throws Exception {
        CredentialSpendingData credential = CredentialFixtures.parsedDummy();
        byte[] bincode = CredentialFixtures.bincode(credential);

        assertThat(HexFormat.of().formatHex(bincode, 0, 9)).isEqualTo("6000000000000000b3");
        assertThat(HexFormat.of().formatHex(bincode, bincode.length - 8, bincode.length))
                .isEqualTo("0100000000000000");
        int payInfoOffset = bincode.length - 8 - 6 - 72 - 8;
        assertThat(HexFormat.of().formatHex(bincode, payInfoOffset, payInfoOffset + 8)).isEqualTo("4800000000000000");
    }

    @Test
    void bincodeDecoderLeavesFollowingFieldsToTheCaller() throws Exception {
        CredentialSpendingData credential = CredentialFixtures.synthetic(3, 2, 2);
        byte[] bincode = CredentialFixtures.bincode(credential);
        byte[] withTail = Arrays.copyOf(bincode, bincode.length + 4);
        BincodeReader in = new BincodeReader(withTail);

        assertThat(CredentialCodec.decodeBincode(in)).isEqualTo(credential);
        assertThat(in.remaining()).isEqualTo(4);
    }

    @Test
    void identityPointsAreStructurallyValid() throws Exception {
        byte[] identity = new byte[G1Point.SIZE];
        identity[0] = (byte) 0xc0;
        CredentialSpendingData base = CredentialFixtures.synthetic(5, 1, 1);
        Payment p = base.payment();
        Payment withIdentity = new Payment(p.kappa(), p.kappaE(), new Signature(new G1Point(identity), p.sig().s()),
                p.sigExp(), p.kappaK(), p.omega(), p.ss(), p.tt(), p.aa(), p.spendValue(), p.cc(), p.tType(),
                p.zkProof());
        CredentialSpendingData credential =
                new CredentialSpendingData(withIdentity, base.payInfo(), base.spendDate(), base.epochId());

        CredentialSpendingData decoded = CredentialCodec.fromBytes(CredentialCodec.toBytes(credential));
        assertThat(decoded).isEqualTo(credential);
        assertThat(decoded.payment().sig().h().isIdentity()).isTrue();
    }

    private static CredentialSpendingData decodeBincode(byte[] bincode) throws Exception {
        BincodeReader in = new BincodeReader(bincode);
        CredentialSpendingData credential = CredentialCodec.decodeBincode(in);
        assertThat(in.remaining()).isZero();
        return credential;
    }

    private static byte[] toBytesThroughBincode(byte[] toBytes) throws Exception {
        CredentialSpendingData fromToBytes = CredentialCodec.fromBytes(toBytes);
        CredentialSpendingData fromBincode = decodeBincode(CredentialFixtures.bincode(fromToBytes));
        assertThat(fromBincode).isEqualTo(fromToBytes);
        return CredentialCodec.toBytes(fromBincode);
    }
}
