package io.lpreg.protocol.credential;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A Nym zk-nym ticket spend, {@code CredentialSpendingData} (docs/ecash.md §6.1, docs/wire-v1.md §9.2).
 * {@code payInfo} is 72 bytes: 32 random ‖ i64 BE unix time ‖ 32-byte gateway identity key.
 *
 * @param epochId u64, carried as the raw 64 bits
 */
public record CredentialSpendingData(Payment payment, byte[] payInfo, SpendDate spendDate, long epochId) {
    public static final int PAY_INFO_SIZE = 72;

    public CredentialSpendingData {
        requireNonNull(payment, "payment is null");
        requireNonNull(payInfo, "payInfo is null");
        requireNonNull(spendDate, "spendDate is null");
        payInfo = Encodings.checkedCopy(payInfo, PAY_INFO_SIZE, "payInfo");
    }

    @Override
    public byte[] payInfo() {
        return payInfo.clone();
    }

    /** The same spend dated {@code date}: what Nym's probe does to its fixed mock credential. */
    public CredentialSpendingData withSpendDate(SpendDate date) {
        return new CredentialSpendingData(payment, payInfo, date, epochId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CredentialSpendingData that
                && payment.equals(that.payment)
                && Arrays.equals(payInfo, that.payInfo)
                && spendDate.equals(that.spendDate)
                && epochId == that.epochId;
    }

    @Override
    public int hashCode() {
        int result = payment.hashCode();
        result = 31 * result + Arrays.hashCode(payInfo);
        result = 31 * result + spendDate.hashCode();
        return 31 * result + Long.hashCode(epochId);
    }

    @Override
    public String toString() {
        return "CredentialSpendingData[payment=" + payment + ", payInfo=" + Encodings.hex(payInfo)
                + ", spendDate=" + spendDate + ", epochId=" + Long.toUnsignedString(epochId) + "]";
    }
}
