package io.lpreg.protocol.credential;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialValuesTest {

    @Test
    void valuesCopyTheirArraysAndCompareByContent() {
        byte[] bytes = new byte[G1Point.SIZE];
        bytes[0] = (byte) 0x81;
        G1Point point = new G1Point(bytes);
        bytes[1] = 9;
        point.compressed()[2] = 9;

        assertThat(point).isEqualTo(new G1Point(point.compressed())).hasSameHashCodeAs(new G1Point(point.compressed()));
        assertThat(point.compressed()[1]).isZero();
        assertThat(point.compressed()[2]).isZero();
    }

    @Test
    void credentialsCompareByContent() {
        CredentialSpendingData credential = CredentialFixtures.synthetic(9, 2, 2);
        CredentialSpendingData same = CredentialFixtures.synthetic(9, 2, 2);

        assertThat(credential).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(credential.withSpendDate(new SpendDate(2025, 1))).isNotEqualTo(credential);
        credential.payInfo()[0] ^= 1;
        assertThat(credential).isEqualTo(same);
    }

    @Test
    void constructorsRefuseWhatNoDecoderWouldProduce() {
        assertThatThrownBy(() -> new G1Point(new byte[G1Point.SIZE])).hasMessageContaining("compression flag");
        assertThatThrownBy(() -> new G2Point(new byte[G1Point.SIZE])).hasMessageContaining("96 bytes");
        byte[] order = new byte[Scalar.SIZE];
        order[Scalar.SIZE - 1] = (byte) 0x74;
        assertThatThrownBy(() -> new Scalar(order)).hasMessageContaining("group order");
        CredentialSpendingData valid = CredentialFixtures.synthetic(1, 1, 1);
        assertThatThrownBy(() -> new CredentialSpendingData(valid.payment(), new byte[71], valid.spendDate(), 0))
                .hasMessageContaining("72 bytes");
    }
}
