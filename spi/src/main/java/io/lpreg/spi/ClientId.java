package io.lpreg.spi;

/** A storage-assigned client identifier; bandwidth and spent credentials belong to a client. */
public record ClientId(long value) {
    @Override
    public String toString() {
        return "client#" + value;
    }
}
